package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code bench experiment}: schema variants measured one after the other on the same server and
 * dataset scale, each with explain and JMH; the first variant is the reference the others are
 * compared with (the statistics of {@code bench compare}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Experiment(List<Variant> variants) {

  /**
   * One schema variant.
   *
   * @param variant its label (report, report+gin, report+jsonb, report-indexes)
   * @param queries each catalog query's JMH latencies and plan, as a run's {@code queries}
   * @param harnessBaseline the SELECT 1 baseline in this variant's JMH run
   * @param indexes the harness tables' indexes: size and the time to build each (REINDEX, timed)
   * @param indexBytes all of them together
   * @param targets this variant's query and plan targets
   * @param verdict "pass" when every one of those targets is met, "fail" otherwise (an accepted
   *     breach counts as a failure here: the experiment asks which variant meets the targets)
   * @param comparison against the first variant (null for the first)
   * @param writePath the write endpoints' cost on this variant
   * @param load with {@code --with-load}, the profile's full load through the api on this variant (a
   *     run's {@code load}); null otherwise
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Variant(String variant, String description, List<QueryResult> queries, QueryResult harnessBaseline, List<Index> indexes,
      long indexBytes, List<TargetResult> targets, String verdict, Comparison comparison, List<WriteCost> writePath, Load load) {}

  /**
   * The write path on a variant: a short write-only load through the api (create, update, stale
   * update, delete), each endpoint's client time and its {@code db} phase from the api's
   * Server-Timing (to the microsecond: an index's cost on an insert is far below Gatling's 1 ms).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record WriteCost(String endpoint, long requests, long ko, double p50Ms, double p95Ms, Double dbMeanMs, Double dbP50Ms,
      Double dbP95Ms) {}

  /** An index of the harness's tables: its table, size, and how long rebuilding it took. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Index(String name, String table, long bytes, double buildMs) {}
}
