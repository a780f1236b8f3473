package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What {@code bench calibrate} measured on one runner: how far runs of one build on one dataset
 * move apart (per metric), what today's settings call a change between them (false alarms), the
 * smallest change each metric can see, the minimum effect it recommends, the gate's power against
 * the reference server's injected slowdowns, and the load generator's ceiling. Written as {@code
 * calibration.json} (JSON Schema {@code schemas/calibration.v1.schema.json}).
 *
 * @param comparabilityKey what the runs measured (dataset, profile, server, machine, workload): a
 *     calibration is used only for runs with the same key
 * @param run the first calibration run's identity (as results.json's {@code run}), so that a
 *     refusal can name what differs
 * @param runs how many stored runs of this build the figures come from (this invocation's and
 *     earlier ones')
 * @param pairs the pairs compared: every pair of the runs
 * @param disjointPairs pairs that share no run (1-2, 3-4, ...): the independent comparisons the
 *     false-alarm bounds count
 * @param falseAlarmTargetPct the gate-level false-alarm rate the recommended minimum effects aim at
 *     (per comparison, over all latency metrics together)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Calibration(
    int schemaVersion,
    String createdAt,
    String profile,
    String comparabilityKey,
    String gitCommit,
    RunInfo run,
    Datagen datagen,
    Boolean prewarmed,
    List<String> runIds,
    int runs,
    int pairs,
    int disjointPairs,
    double falseAlarmTargetPct,
    GateAlarms gate,
    List<MetricSpread> metrics,
    List<PowerPoint> power,
    GeneratorCeiling ceiling,
    String summary,
    List<String> notes) {

  public static final int SCHEMA_VERSION = 1;

  public Calibration withPower(List<PowerPoint> p) {
    return new Calibration(schemaVersion, createdAt, profile, comparabilityKey, gitCommit, run, datagen, prewarmed, runIds, runs, pairs,
        disjointPairs, falseAlarmTargetPct, gate, metrics, p, ceiling, summary, notes);
  }

  public Calibration withCeiling(GeneratorCeiling c) {
    return new Calibration(schemaVersion, createdAt, profile, comparabilityKey, gitCommit, run, datagen, prewarmed, runIds, runs, pairs,
        disjointPairs, falseAlarmTargetPct, gate, metrics, power, c, summary, notes);
  }

  public Calibration withSummary(String s) {
    return new Calibration(schemaVersion, createdAt, profile, comparabilityKey, gitCommit, run, datagen, prewarmed, runIds, runs, pairs,
        disjointPairs, falseAlarmTargetPct, gate, metrics, power, ceiling, s, notes);
  }

  /**
   * The gate's false alarms between runs of one build: comparisons whose verdict was a regression
   * with today's settings (the global minimum effects).
   *
   * @param upper95Pct the one-sided 95 % Clopper-Pearson upper bound on the rate, from the disjoint
   *     pairs
   * @param flaggedAtRecommended the same pairs judged with the recommended minimum effects (in-sample:
   *     the runs that set them, so optimistic)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record GateAlarms(int flagged, int pairs, int disjointFlagged, int disjointPairs, double upper95Pct, Integer flaggedAtRecommended,
      Integer disjointFlaggedAtRecommended, Double upper95AtRecommendedPct) {

    public GateAlarms(int flagged, int pairs, int disjointFlagged, int disjointPairs, double upper95Pct) {
      this(flagged, pairs, disjointFlagged, disjointPairs, upper95Pct, null, null, null);
    }
  }

  /**
   * One metric across the runs.
   *
   * @param kind "latency" (p50_ms, p95_ms), "error rate" or "work" (a work counter)
   * @param mean its mean over the runs (ms, %, blocks or statements)
   * @param cvPct the between-run coefficient of variation (sample standard deviation over the mean), %
   * @param cvUpperPct its one-sided 90 % upper confidence bound (chi-squared on the variance), %: what
   *     the recommendations use, so that few runs do not promise too much
   * @param falseAlarms pairs in which today's settings called it changed (regression or improvement)
   * @param falseAlarmUpper95Pct one-sided 95 % Clopper-Pearson upper bound on that rate, from the
   *     disjoint pairs
   * @param withinRunCanSeePct the median over the pairs of what bench compare said the metric could see
   *     (its "can see" figure, from the units within a run); null when it could see nothing
   * @param detectablePct the smallest slowdown the metric detects with 80 % power with the recommended
   *     minimum effect: the larger of the between-run figure and the within-run one; null when nothing
   * @param recommendedMinEffectPct the minimum effect (latency) or tolerance (work counter) that keeps
   *     the gate's false alarms at the target, %
   * @param recommendedMinEffectMs its absolute floor: ms (latency, 0 = the recording's resolution
   *     only) or blocks/statements (work counters)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MetricSpread(
      String subject,
      String metric,
      String kind,
      int runs,
      double mean,
      double cvPct,
      double cvUpperPct,
      int falseAlarms,
      int pairs,
      double falseAlarmUpper95Pct,
      Double withinRunCanSeePct,
      Double detectablePct,
      Double recommendedMinEffectPct,
      Double recommendedMinEffectMs) {}

  /**
   * The gate's power against one slowdown of the reference server.
   *
   * @param slowdownPct the service time's injected slowdown (0: a second run of the same server)
   * @param comparisons runs at this slowdown, each compared with the baseline run
   * @param metrics latency metrics compared over those comparisons
   * @param flagged of those, called a regression with today's settings
   * @param gateFailed comparisons whose verdict was a regression
   * @param testAloneDetectedPct the share the rank test alone flags (minimum effects 0): what a
   *     minimum effect calibrated down towards the noise can approach
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PowerPoint(double slowdownPct, int comparisons, int metrics, int flagged, double detectedPct, int gateFailed,
      Double totalP95ChangePct, double seconds, Double testAloneDetectedPct) {}

  /**
   * The highest request rate one load injector kept its schedule at, against the reference server
   * at near-zero service time (so the server is not the limit).
   *
   * @param rps the highest rate kept, or null when even the first step was not
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record GeneratorCeiling(Double rps, double stepSeconds, List<CeilingStep> steps, String note) {}

  /** One rate tried for the ceiling. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CeilingStep(double rps, boolean kept, double achievedRps, Double maxPauseMs, Double maxArrivalGapMs, String note) {}
}
