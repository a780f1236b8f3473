package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A baseline comparison: per metric, the change with a confidence interval, judged by a
 * statistical test on the recorded histograms plus a minimum effect size.
 *
 * @param minEffectPct a change must exceed this relative size to count
 * @param minEffectMs and this absolute size, in milliseconds: tails of sub-millisecond queries
 *     move by tens of microseconds between runs of the same build on a shared machine
 * @param verdict "no change", "regression" or "improvement" (regression wins over improvement)
 * @param mismatches what differs between the runs' dataset/profile/server (refused unless forced)
 * @param notes what the reader should know beyond the metrics: subjects found in only one run,
 *     metrics not tested for lack of a histogram, how the harness baseline moved (null in files
 *     written before it existed)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Comparison(
    String baselineRun,
    String currentRun,
    double minEffectPct,
    double minEffectMs,
    double alpha,
    boolean forced,
    List<String> mismatches,
    List<MetricChange> metrics,
    String verdict,
    List<String> notes) {

  public static final String REGRESSION = "regression";
  public static final String IMPROVEMENT = "improvement";
  public static final String NO_CHANGE = "no change";

  /** The work counters a comparison judges by rule, not by a test (see WorkComparison). */
  public static final java.util.Set<String> WORK_METRICS = java.util.Set.of("plan_signature", "plan_blocks_per_execution", "blocks_per_call",
      "statements_per_request", "blocks_per_request");

  /** Whether a metric is a work counter. */
  public static boolean isWork(String metric) {
    return WORK_METRICS.contains(metric);
  }

  /**
   * One metric's change from baseline to current.
   *
   * @param baseline the statistic in the baseline run (ms)
   * @param current the statistic in the current run (ms)
   * @param changePct (current / baseline - 1) * 100
   * @param ciLowPct the lower end of a bootstrap interval (level 1 - alpha) of the change of the
   *     median per-unit value, resampling the units (JMH iterations, load intervals): it shows this
   *     run's unit-to-unit spread, not the drift between runs; null when not tested
   * @param pValue two-sided p-value of the test named by {@code test} on the per-unit values;
   *     null when not tested
   * @param pAdjusted the p-value after Holm's correction over every tested metric of the
   *     comparison (what is compared with alpha)
   * @param nBaseline units (iterations or intervals) in the baseline run
   * @param unit what one unit is: "JMH iteration", "5 s interval"
   * @param detectableMs the smallest change this comparison could call a regression with these
   *     samples (80 % power at the Holm-corrected alpha, and never below the minimum effects);
   *     null when the units are too few for any change to be significant
   * @param detectablePct the same, relative to the baseline
   * @param minEffectPct the relative minimum effect this metric was judged with (null for error
   *     rates, work counters and files written before it existed)
   * @param minEffectMs the absolute minimum effect it was judged with (never below the recording's
   *     resolution)
   * @param minEffectFrom what set them: a calibration file, or "--min-effect" (the global ones)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MetricChange(
      String subject,
      String metric,
      double baseline,
      double current,
      double changePct,
      Double ciLowPct,
      Double ciHighPct,
      Double pValue,
      String test,
      String verdict,
      Double pAdjusted,
      Integer nBaseline,
      Integer nCurrent,
      String unit,
      Double detectableMs,
      Double detectablePct,
      Double minEffectPct,
      Double minEffectMs,
      String minEffectFrom) {

    public MetricChange(String subject, String metric, double baseline, double current, double changePct, Double ciLowPct,
        Double ciHighPct, Double pValue, String test, String verdict, Double pAdjusted, Integer nBaseline, Integer nCurrent, String unit,
        Double detectableMs, Double detectablePct) {
      this(subject, metric, baseline, current, changePct, ciLowPct, ciHighPct, pValue, test, verdict, pAdjusted, nBaseline, nCurrent, unit,
          detectableMs, detectablePct, null, null, null);
    }
  }
}
