package dev.apexbench.reports.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code results.json}: the contract the gate, {@code bench report} and {@code bench compare}
 * read. Keys are snake_case with the unit in the name ({@code p95_ms}, {@code seconds}); one unit
 * per quantity everywhere (milliseconds for latency). Histograms are HdrHistogram V2 compressed,
 * base64, with values in nanoseconds ({@code histogram_ns}), so runs can be merged and compared
 * without loss.
 *
 * <p>Sections a phase did not produce are null; {@code run.phases} says which phase ran, failed or
 * was skipped.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schema_version", "run", "datagen", "queries", "harness_baseline", "load", "capacity", "experiment", "dr", "database", "targets", "comparison",
    "verdict", "verdicts"})
public record Results(
    int schemaVersion,
    RunInfo run,
    Datagen datagen,
    List<QueryResult> queries,
    /** SELECT 1 through the same connection path: the harness's own overhead per call. */
    QueryResult harnessBaseline,
    Load load,
    Database database,
    List<TargetResult> targets,
    Comparison comparison,
    /** "pass", "fail" or "interrupted": the verdict of the gate that ran (see {@code verdicts}). */
    String verdict,
    /** The verdict of each gate, and which gate decided {@code verdict} (null in older files). */
    Verdicts verdicts,
    /** {@code bench capacity}'s search for the sustainable rate (null for other commands). */
    Capacity capacity,
    /** {@code bench experiment}'s schema variants side by side (null for other commands). */
    Experiment experiment,
    /** {@code bench dr}'s drill (null for other commands). */
    Dr dr) {

  public Results(int schemaVersion, RunInfo run, Datagen datagen, List<QueryResult> queries, QueryResult harnessBaseline, Load load,
      Database database, List<TargetResult> targets, Comparison comparison, String verdict, Verdicts verdicts, Capacity capacity,
      Experiment experiment) {
    this(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, capacity, experiment,
        null);
  }

  public Results(int schemaVersion, RunInfo run, Datagen datagen, List<QueryResult> queries, QueryResult harnessBaseline, Load load,
      Database database, List<TargetResult> targets, Comparison comparison, String verdict, Verdicts verdicts, Capacity capacity) {
    this(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, capacity, null);
  }

  public Results(int schemaVersion, RunInfo run, Datagen datagen, List<QueryResult> queries, QueryResult harnessBaseline, Load load,
      Database database, List<TargetResult> targets, Comparison comparison, String verdict) {
    this(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, null, null, null);
  }

  public Results(int schemaVersion, RunInfo run, Datagen datagen, List<QueryResult> queries, QueryResult harnessBaseline, Load load,
      Database database, List<TargetResult> targets, Comparison comparison, String verdict, Verdicts verdicts) {
    this(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, null, null);
  }

  public Results withDr(Dr d) {
    return new Results(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, capacity,
        experiment, d);
  }

  public Results withExperiment(Experiment e) {
    return new Results(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, capacity, e, dr);
  }

  public Results withCapacity(Capacity c) {
    return new Results(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, c, experiment, dr);
  }

  /**
   * The verdict per gate, so a workflow can branch on either.
   *
   * @param gate which gate decides the run's verdict: "targets", "regression" or "both"
   * @param targets "pass" or "fail": the documented targets (and the run's phases)
   * @param regression "pass" or "fail" against the baseline; null when no baseline was compared
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Verdicts(String gate, String targets, String regression) {}

  /** 2: per-iteration and per-interval values, generator health, acceptances, verdicts per gate. */
  public static final int SCHEMA_VERSION = 2;

  public Results withTargets(List<TargetResult> t, String v) {
    return new Results(schemaVersion, run, datagen, queries, harnessBaseline, load, database, t, comparison, v, verdicts, capacity, experiment, dr);
  }

  public Results withVerdicts(List<TargetResult> t, String v, Verdicts vs) {
    return new Results(schemaVersion, run, datagen, queries, harnessBaseline, load, database, t, comparison, v, vs, capacity, experiment, dr);
  }

  /** As written by this version: {@link #SCHEMA_VERSION}, whatever version the results were read from. */
  public Results current() {
    return schemaVersion == SCHEMA_VERSION ? this
        : new Results(SCHEMA_VERSION, run, datagen, queries, harnessBaseline, load, database, targets, comparison, verdict, verdicts, capacity, experiment, dr);
  }

  public Results withComparison(Comparison c) {
    return new Results(schemaVersion, run, datagen, queries, harnessBaseline, load, database, targets, c, verdict, verdicts, capacity, experiment, dr);
  }
}
