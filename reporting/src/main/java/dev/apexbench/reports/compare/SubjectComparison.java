package dev.apexbench.reports.compare;

import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.FisherExactTest;
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
  /** A load endpoint's share of failed requests: compared on counts, its change in percentage points. */
  static final String ERROR_RATE = "error_rate_pct";
  /** A subject of the baseline that the current run does not have. */
  static final String MISSING = "missing";
  /** The smallest rise of an error rate that counts, in percentage points. */
  static final double MIN_ERROR_RATE_PP = 1.0;

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
    if (b.load() && c.load() && b.requests() > 0 && c.requests() > 0) {
      out.add(errorRate(b, c));
    }
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

  /**
   * A load endpoint's error rate: Fisher's exact test on its failed and successful requests in the
   * two runs (counts, not units: each request fails or not on its own at a given rate).
   */
  private Pending errorRate(Subject b, Subject c) {
    long[][] table = {{b.ko(), b.requests() - b.ko()}, {c.ko(), c.requests() - c.ko()}};
    double p = b.ko() == 0 && c.ko() == 0 ? 1 : FisherExactTest.withDefaults().test(new int[][] {
        {(int) Math.min(Integer.MAX_VALUE, table[0][0]), (int) Math.min(Integer.MAX_VALUE, table[0][1])},
        {(int) Math.min(Integer.MAX_VALUE, table[1][0]), (int) Math.min(Integer.MAX_VALUE, table[1][1])}}).getPValue();
    return new Pending(b, c, ERROR_RATE, b.errorRatePct(), c.errorRatePct(), p, Double.NaN, Double.NaN, "Fisher's exact test on failed and"
        + " successful requests, " + b.ko() + " of " + b.requests() + " vs " + c.ko() + " of " + c.requests(), MIN_ERROR_RATE_PP);
  }

  /** A subject of the baseline missing from the current run: a regression, whatever else the comparison finds. */
  static MetricChange missing(Subject b) {
    Double v = b.value("p95_ms");
    return new MetricChange(b.name(), MISSING, v == null ? 0 : v, 0, -100, null, null, null, "in the baseline, missing from the current run",
        Comparison.REGRESSION, null, null, null, b.unit(), null, null);
  }

  /** The metric with its verdict, given its Holm-adjusted p-value and the number of tested metrics. */
  MetricChange decide(Pending m, Double pAdjusted, int tested) {
    if (ERROR_RATE.equals(m.metric())) {
      return decideErrorRate(m, pAdjusted);
    }
    double pct = m.base() > 0 ? (m.cur() / m.base() - 1) * 100 : 0;
    double[] x = m.p() == null ? null : m.baseline().units(m.metric());
    double[] y = m.p() == null ? null : m.current().units(m.metric());
    Double detectable = x == null ? null : detectableMs(x, y, m.base(), m.floorMs(), tested);
    String verdict = pAdjusted == null ? Comparison.NO_CHANGE : verdict(pct, m.cur() - m.base(), pAdjusted, m.floorMs());
    if (Comparison.IMPROVEMENT.equals(verdict) && m.current().errorRatePct() > m.baseline().errorRatePct() + MIN_ERROR_RATE_PP) {
      verdict = Comparison.NO_CHANGE; // faster because more of it failed (quick 503s, shed load): not an improvement
    }
    return new MetricChange(m.current().name(), m.metric(), m.base(), m.cur(), pct, m.p() == null ? null : m.ciLow(),
        m.p() == null ? null : m.ciHigh(), m.p(), m.test(), verdict, pAdjusted, x == null ? null : x.length, y == null ? null : y.length,
        m.baseline().unit(), detectable, detectable == null || m.base() <= 0 ? null : detectable / m.base() * 100);
  }

  /**
   * An error rate's verdict: every request failing where the baseline had successes is a regression
   * outright; otherwise significant after Holm's correction and a rise of more than {@value
   * #MIN_ERROR_RATE_PP} percentage point.
   */
  private MetricChange decideErrorRate(Pending m, Double pAdjusted) {
    double pp = m.cur() - m.base();
    boolean allFailed = m.current().ko() == m.current().requests() && m.baseline().ko() < m.baseline().requests();
    String verdict = allFailed ? Comparison.REGRESSION
        : pAdjusted != null && pAdjusted < options.alpha() && Math.abs(pp) > MIN_ERROR_RATE_PP
            ? (pp > 0 ? Comparison.REGRESSION : Comparison.IMPROVEMENT) : Comparison.NO_CHANGE;
    return new MetricChange(m.current().name(), ERROR_RATE, m.base(), m.cur(), pp, null, null, m.p(),
        allFailed ? "every request failed (" + m.test() + ")" : m.test(), verdict, pAdjusted, (int) m.baseline().requests(),
        (int) m.current().requests(), "request", null, null);
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
   * test's efficiency on normal data is 3/pi), and never below the minimum effects. Null when these
   * samples cannot reach that level however far apart they are: the test's p-value with every
   * current unit above every baseline unit (its ties kept, as whole-millisecond values have them) is
   * not below it. Then nothing can be detected, and "can see" says so instead of promising the
   * minimum effect.
   */
  Double detectableMs(double[] x, double[] y, double base, double floorMs, int tested) {
    double a = options.alpha() / Math.max(1, tested);
    if (smallestP(x.length, y.length) >= a || separatedP(x, y) >= a) {
      return null;
    }
    NormalDistribution z = NormalDistribution.of(0, 1);
    double sd = pooledSd(x, y);
    double shift = (z.inverseCumulativeProbability(1 - a / 2) + z.inverseCumulativeProbability(POWER)) * sd
        * Math.sqrt(1.0 / x.length + 1.0 / y.length) * Math.sqrt(Math.PI / 3);
    return Math.max(shift, Math.max(floorMs, options.minEffectPct() / 100 * base));
  }

  /** The test's p-value with y moved wholly above x, its own spread and ties kept: the best these samples can do. */
  static double separatedP(double[] x, double[] y) {
    double maxX = Arrays.stream(x).max().orElse(0);
    double minY = Arrays.stream(y).min().orElse(0);
    double lift = maxX - minY + 1;
    double[] above = Arrays.stream(y).map(v -> v + lift).toArray();
    return MannWhitneyUTest.withDefaults().test(x, above).getPValue();
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
