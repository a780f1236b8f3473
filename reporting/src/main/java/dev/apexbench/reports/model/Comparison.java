package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A baseline comparison: per metric, the change with a confidence interval, judged by a
 * statistical test on the recorded histograms plus a minimum effect size.
 *
 * @param verdict "no change", "regression" or "improvement" (regression wins over improvement)
 * @param mismatches what differs between the runs' dataset/profile/server (refused unless forced)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Comparison(
    String baselineRun,
    String currentRun,
    double minEffectPct,
    double alpha,
    boolean forced,
    List<String> mismatches,
    List<MetricChange> metrics,
    String verdict) {

  /** One metric's change from baseline to current. */
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
      String verdict) {}
}
