package dev.apexbench.reports.targets;

import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.QueryResult;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.AbstractHistogram;

/** A latency statistic a target can judge. Values are milliseconds. */
public enum Statistic {
  MEAN(Double.NaN),
  P50(50),
  P90(90),
  P95(95),
  P99(99),
  P999(99.9),
  MAX(100);

  private final double percentile;

  Statistic(double percentile) {
    this.percentile = percentile;
  }

  /** As written in targets.yaml: mean, p50, ... p999, max. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The metric name with its unit, as in results.json: {@code p95_ms}. */
  public String metric() {
    return key() + "_ms";
  }

  public static Statistic parse(String s) {
    for (Statistic st : values()) {
      if (st.key().equals(s)) {
        return st;
      }
    }
    return null;
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Statistic::key).collect(Collectors.joining(", "));
  }

  /** The statistic of a query, or null where the run did not record it. */
  public Double of(QueryResult q) {
    return switch (this) {
      case MEAN -> q.meanMs();
      case P50 -> q.p50Ms();
      case P90 -> q.p90Ms();
      case P95 -> q.p95Ms();
      case P99 -> q.p99Ms();
      case P999 -> q.p999Ms();
      case MAX -> q.maxMs();
    };
  }

  /** The statistic of an endpoint, or null where Endpoint has no field for it (p90, p999). */
  public Double of(Endpoint e) {
    return switch (this) {
      case MEAN -> e.meanMs();
      case P50 -> e.p50Ms();
      case P95 -> e.p95Ms();
      case P99 -> e.p99Ms();
      case MAX -> e.maxMs();
      case P90, P999 -> null;
    };
  }

  /**
   * The statistic of a load histogram recorded in nanoseconds, in milliseconds: a percentile by the
   * one rounding rule of load latencies ({@link dev.apexbench.reports.Histograms#ms}), the mean to
   * the microsecond.
   */
  public double of(AbstractHistogram nanos) {
    return switch (this) {
      case MEAN -> Math.round(nanos.getMean() / 1e3) / 1e3;
      case MAX -> dev.apexbench.reports.Histograms.ms(nanos, 100);
      default -> dev.apexbench.reports.Histograms.ms(nanos, percentile);
    };
  }
}
