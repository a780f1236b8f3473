package dev.apexbench.reports.targets;

import java.util.Locale;

/**
 * One limit from targets.yaml, in the canonical unit of its quantity.
 *
 * @param statistic the latency statistic judged; null when the limit names none (then the
 *     section's default applies) or for non-latency limits
 * @param op the comparison
 * @param value the limit in {@code unit}
 * @param unit ms, % or rps
 * @param line the line of targets.yaml it came from (0 when built in code)
 */
public record Limit(Statistic statistic, Op op, double value, String unit, int line) {

  public boolean test(double actual) {
    return op.test(actual, value);
  }

  /** The same limit judging {@code s} when it names no statistic of its own. */
  public Limit withDefaultStatistic(Statistic s) {
    return statistic != null ? this : new Limit(s, op, value, unit, line);
  }

  /** {@code < 10 ms}, without the statistic. */
  public String describe() {
    return op.symbol() + " " + format(value) + " " + unit;
  }

  /**
   * A ratio (0..1) in percent, rounded to 1e-9 % so that binary floating point does not move a
   * value across a boundary (0.57 * 100 is 56.99999999999999).
   */
  static double percent(double ratio) {
    return Math.round(ratio * 100 * 1e9) / 1e9;
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }
}
