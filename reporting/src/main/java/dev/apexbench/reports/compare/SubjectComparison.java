package dev.apexbench.reports.compare;

import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Compares one subject's p50 and p95 between two runs on their per-unit values (JMH iterations,
 * load intervals): a Mann-Whitney U test (Apache Commons Statistics: exact p-values for small
 * samples without ties, otherwise the normal approximation with tie and continuity correction), a
 * bootstrap interval over the units, and the smallest change these samples could detect. The
 * verdict is decided by {@link Comparator} after Holm's correction over all metrics.
 */
final class SubjectComparison {

  static final String[] METRICS = {"p50_ms", "p95_ms"};

  /** The power at which the detectable change is stated. */
  static final double POWER = 0.8;

  private final CompareOptions options;
  private final int iterations;

  SubjectComparison(CompareOptions options) {
    this.options = options;
    this.iterations = 2_000;
  }

  /** A metric's change before the verdict: its raw p-value (null: not tested) and its sizes. */
  record Pending(Subject baseline, Subject current, String metric, double base, double cur, Double p, double ciLow, double ciHigh,
      String test, double floorMs) {}

  List<Pending> compare(Subject b, Subject c, List<String> notes) {
    List<Pending> out = new ArrayList<>();
    boolean units = b.unit() != null && c.unit() != null;
    if (!units) {
      String which = b.unit() == null ? "baseline" : "current";
      notes.add(b.name() + ": not tested, the " + which + " run has no per-" + (b.resolutionMs() > 0 ? "interval" : "iteration")
          + " values (written by an older apex-bench)");
    }
    // a change smaller than what the recording can resolve (1 ms for load) is not a change
    double floorMs = Math.max(options.minEffectMs(), b.resolutionMs());
    for (String metric : METRICS) {
      Double base = b.value(metric);
      Double cur = c.value(metric);
      if (base == null || cur == null) {
        continue;
      }
      double[] x = units ? b.units(metric) : null;
      double[] y = units ? c.units(metric) : null;
      if (x == null || y == null || x.length < 2 || y.length < 2) {
        if (units) {
          notes.add(b.name() + " " + metric + ": not tested, fewer than two units (" + (x == null ? 0 : x.length) + " vs "
              + (y == null ? 0 : y.length) + ")");
        }
        out.add(new Pending(b, c, metric, base, cur, null, Double.NaN, Double.NaN, "not tested", floorMs));
        continue;
      }
      double p = MannWhitneyUTest.withDefaults().test(x, y).getPValue();
      double[] xs = x.clone();
      double[] ys = y.clone();
      Arrays.sort(xs);
      Arrays.sort(ys);
      Bootstrap.Interval ci = Bootstrap.ratios(xs, ys, new double[] {0.5}, iterations, options.alpha(), (b.name() + metric).hashCode())[0];
      String test = "Mann-Whitney U on per-" + b.unit() + " " + metric.replace("_ms", "") + " values, n " + x.length + " vs " + y.length;
      out.add(new Pending(b, c, metric, base, cur, p, ci.ciLowPct(), ci.ciHighPct(), test, floorMs));
    }
    return out;
  }

  /** The metric with its verdict, given its Holm-adjusted p-value and the number of tested metrics. */
  MetricChange decide(Pending m, Double pAdjusted, int tested) {
    double pct = m.base() > 0 ? (m.cur() / m.base() - 1) * 100 : 0;
    double[] x = m.p() == null ? null : m.baseline().units(m.metric());
    double[] y = m.p() == null ? null : m.current().units(m.metric());
    Double detectable = x == null ? null : detectableMs(x, y, m.base(), m.floorMs(), tested);
    String verdict = pAdjusted == null ? Comparison.NO_CHANGE : verdict(pct, m.cur() - m.base(), pAdjusted, m.floorMs());
    return new MetricChange(m.current().name(), m.metric(), m.base(), m.cur(), pct, m.p() == null ? null : m.ciLow(),
        m.p() == null ? null : m.ciHigh(), m.p(), m.test(), verdict, pAdjusted, x == null ? null : x.length, y == null ? null : y.length,
        m.baseline().unit(), detectable, detectable == null || m.base() <= 0 ? null : detectable / m.base() * 100);
  }

  /** Significant after Holm's correction, and larger than both the relative and the absolute minimum effect. */
  String verdict(double changePct, double changeMs, double pAdjusted, double floorMs) {
    boolean large = Math.abs(changePct) > options.minEffectPct() && Math.abs(changeMs) > floorMs;
    if (pAdjusted < options.alpha() && large && changePct > 0) {
      return Comparison.REGRESSION;
    }
    if (pAdjusted < options.alpha() && large && changePct < 0) {
      return Comparison.IMPROVEMENT;
    }
    return Comparison.NO_CHANGE;
  }

  /**
   * The smallest change (ms) this comparison could call a regression: a shift of the per-unit
   * values detected with {@value #POWER} power by the rank test at the strictest Holm level
   * (alpha / tested), i.e. (z(1 - a/2) + z(power)) * sd * sqrt(1/n1 + 1/n2) * sqrt(pi/3) (the rank
   * test's efficiency on normal data is 3/pi), and never below the minimum effects. Null when no
   * arrangement of n1 and n2 units can reach that level (the exact test's smallest p-value, 2 /
   * C(n1 + n2, n1), is larger): then nothing can be detected.
   */
  Double detectableMs(double[] x, double[] y, double base, double floorMs, int tested) {
    double a = options.alpha() / Math.max(1, tested);
    if (smallestP(x.length, y.length) >= a) {
      return null;
    }
    NormalDistribution z = NormalDistribution.of(0, 1);
    double sd = pooledSd(x, y);
    double shift = (z.inverseCumulativeProbability(1 - a / 2) + z.inverseCumulativeProbability(POWER)) * sd
        * Math.sqrt(1.0 / x.length + 1.0 / y.length) * Math.sqrt(Math.PI / 3);
    return Math.max(shift, Math.max(floorMs, options.minEffectPct() / 100 * base));
  }

  /** The smallest two-sided p-value of an exact Mann-Whitney test with these sample sizes. */
  static double smallestP(int n1, int n2) {
    double combinations = 1;
    for (int i = 1; i <= Math.min(n1, n2); i++) {
      combinations = combinations * (Math.max(n1, n2) + i) / i;
    }
    return Math.min(1, 2 / combinations);
  }

  static double pooledSd(double[] x, double[] y) {
    double ss = sumSquares(x) + sumSquares(y);
    int df = x.length + y.length - 2;
    return df <= 0 ? 0 : Math.sqrt(ss / df);
  }

  private static double sumSquares(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    return Arrays.stream(v).map(d -> (d - mean) * (d - mean)).sum();
  }
}
