package dev.apexbench.reports.compare;

import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
      String test, double floorMs, double minPct, String from) {

    Pending(Subject baseline, Subject current, String metric, double base, double cur, Double p, double ciLow, double ciHigh, String test,
        double floorMs) {
      this(baseline, current, metric, base, cur, p, ciLow, ciHigh, test, floorMs, Double.NaN, null);
    }
  }

  List<Pending> compare(Subject b, Subject c, List<String> notes) {
    List<Pending> out = new ArrayList<>();
    if (b.load() && c.load() && b.requests() > 0 && c.requests() > 0) {
      out.add(errorRate(b, c));
    }
    boolean units = b.unit() != null && c.unit() != null;
    if (!units) {
      Subject without = b.unit() == null ? b : c;
      String which = without == b ? "baseline" : "current";
      boolean allFailed = without.load() && without.requests() > 0 && without.ko() == without.requests();
      notes.add(b.name() + ": latency not tested, the " + which + " run has no per-" + (b.resolutionMs() > 0 ? "interval" : "iteration")
          + " values (" + (allFailed ? "every request failed" : "written by an older apex-bench") + ")");
    }
    for (String metric : METRICS) {
      // the calibration's minimum effects for this metric where it has them, else the global ones;
      // a change smaller than what the recording can resolve (1 ms for load) is not a change
      MinEffects.Effect effect = options.effectFor(b.name(), metric);
      double floorMs = Math.max(effect.ms(), b.resolutionMs());
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
        out.add(new Pending(b, c, metric, base, cur, null, Double.NaN, Double.NaN, "not tested", floorMs, effect.pct(), effect.from()));
        continue;
      }
      double p = MannWhitneyUTest.withDefaults().test(x, y).getPValue();
      double[] xs = x.clone();
      double[] ys = y.clone();
      Arrays.sort(xs);
      Arrays.sort(ys);
      Bootstrap.Interval ci = Bootstrap.ratios(xs, ys, new double[] {0.5}, iterations, options.alpha(), (b.name() + metric).hashCode())[0];
      String test = "Mann-Whitney U on per-" + b.unit() + " " + metric.replace("_ms", "") + " values, n " + x.length + " vs " + y.length;
      out.add(new Pending(b, c, metric, base, cur, p, ci.ciLowPct(), ci.ciHighPct(), test, floorMs, effect.pct(), effect.from()));
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
    Double detectable = x == null ? null
        : detectableMs(x, y, m.base(), m.floorMs(), m.minPct(), tested, (m.baseline().name() + m.metric()).hashCode());
    String verdict = pAdjusted == null ? Comparison.NO_CHANGE : verdict(pct, m.cur() - m.base(), pAdjusted, m.floorMs(), m.minPct());
    if (Comparison.IMPROVEMENT.equals(verdict) && m.current().errorRatePct() > m.baseline().errorRatePct() + MIN_ERROR_RATE_PP) {
      verdict = Comparison.NO_CHANGE; // faster because more of it failed (quick 503s, shed load): not an improvement
    }
    return new MetricChange(m.current().name(), m.metric(), m.base(), m.cur(), pct, m.p() == null ? null : m.ciLow(),
        m.p() == null ? null : m.ciHigh(), m.p(), m.test(), verdict, pAdjusted, x == null ? null : x.length, y == null ? null : y.length,
        m.baseline().unit(), detectable, detectable == null || m.base() <= 0 ? null : detectable / m.base() * 100, m.minPct(), m.floorMs(),
        m.from());
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
    return verdict(changePct, changeMs, pAdjusted, floorMs, options.minEffectPct());
  }

  String verdict(double changePct, double changeMs, double pAdjusted, double floorMs, double minPct) {
    boolean large = Math.abs(changePct) > minPct && Math.abs(changeMs) > floorMs;
    if (pAdjusted < options.alpha() && large && changePct > 0) {
      return Comparison.REGRESSION;
    }
    if (pAdjusted < options.alpha() && large && changePct < 0) {
      return Comparison.IMPROVEMENT;
    }
    return Comparison.NO_CHANGE;
  }

  /** Resamples per candidate shift in the power simulation of {@link #detectableMs}. */
  static final int POWER_DRAWS = 200;
  /** The largest relative shift the power simulation tries (+2,000 %). */
  static final double MAX_SHIFT = 20;

  /**
   * The smallest change (ms) this comparison could call a regression: the smallest slowdown, as a
   * factor on every per-unit value (what a slower server or query does), that the very test the
   * verdict uses (the rank test, at the strictest Holm level alpha / tested) detects with {@value
   * #POWER} power, found by simulation: {@value #POWER_DRAWS} pairs of samples drawn with
   * replacement, one from the baseline's units and one from the current's (moved to the baseline's
   * median, so both runs' spreads count), the second multiplied by 1 + r; r is bisected with the same
   * draws at every step. Never below the minimum effects. Null when these samples cannot reach that
   * level however far apart they are: the test's p-value with every current unit above every
   * baseline unit (its ties kept, as whole-millisecond values have them) is not below it, or not
   * in {@value #POWER} of the draws at +2,000 %. Then nothing can be detected, and "can see" says
   * so instead of promising the minimum effect.
   *
   * <p>An earlier normal-theory formula ((z(1 - a/2) + z(power)) sd sqrt(1/n1 + 1/n2) sqrt(pi/3))
   * promised too much for ten-odd units at a level of 1e-4: the reference server's known slowdowns
   * at once to twice its figure were flagged in 2 of 10 cases, not 8.
   */
  Double detectableMs(double[] x, double[] y, double base, double floorMs, int tested, long seed) {
    return detectableMs(x, y, base, floorMs, options.minEffectPct(), tested, seed);
  }

  Double detectableMs(double[] x, double[] y, double base, double floorMs, double minPct, int tested, long seed) {
    double a = options.alpha() / Math.max(1, tested);
    if (smallestP(x.length, y.length) >= a || separatedP(x, y) >= a) {
      return null;
    }
    double shift = smallestShift(x, y, a, seed);
    if (Double.isNaN(shift)) {
      return null;
    }
    return Math.max(shift * base, Math.max(floorMs, minPct / 100 * base));
  }

  /** The smallest relative shift r detected in {@value #POWER} of the draws at level {@code a}, or NaN beyond {@link #MAX_SHIFT}. */
  static double smallestShift(double[] x, double[] y, double a, long seed) {
    double mx = median(x);
    double my = median(y);
    double[] yAtX = Arrays.stream(y).map(v -> my > 0 ? v * mx / my : v).toArray();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    double[][] xs = new double[POWER_DRAWS][x.length];
    double[][] ys = new double[POWER_DRAWS][y.length];
    for (int d = 0; d < POWER_DRAWS; d++) {
      for (int i = 0; i < x.length; i++) {
        xs[d][i] = x[rnd.nextInt(x.length)];
      }
      for (int i = 0; i < y.length; i++) {
        ys[d][i] = yAtX[rnd.nextInt(y.length)];
      }
      Arrays.sort(xs[d]);
      Arrays.sort(ys[d]);
    }
    if (power(xs, ys, MAX_SHIFT, a) < POWER) {
      return Double.NaN;
    }
    double lo = 0;
    double hi = MAX_SHIFT;
    while (hi - lo > 0.0025) {
      double mid = (lo + hi) / 2;
      if (power(xs, ys, mid, a) >= POWER) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /**
   * The share of the draws in which the rank test finds the second sample, multiplied by 1 + r,
   * different at level {@code a}. Resampled units nearly always have ties, for which the test the
   * verdict uses (Commons Statistics' Mann-Whitney U) takes the normal approximation with tie and
   * continuity correction: computed here directly, as a z against its critical value, because the
   * simulation needs thousands of them.
   */
  static double power(double[][] xs, double[][] ys, double r, double a) {
    double zCrit = org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1).inverseCumulativeProbability(1 - a / 2);
    int hits = 0;
    double[] shifted = new double[ys[0].length];
    for (int d = 0; d < xs.length; d++) {
      for (int i = 0; i < shifted.length; i++) {
        shifted[i] = ys[d][i] * (1 + r);
      }
      if (rankZSigned(xs[d], shifted) > zCrit) { // sorted draws stay sorted when multiplied by 1 + r; a slowdown found as one
        hits++;
      }
    }
    return hits / (double) xs.length;
  }

  /** |z| of the Mann-Whitney U statistic, normal approximation with tie and continuity correction (0 when all values tie). */
  static double rankZ(double[] x, double[] y) {
    double[] xs = x.clone();
    double[] ys = y.clone();
    Arrays.sort(xs);
    Arrays.sort(ys);
    return rankZSorted(xs, ys);
  }

  /** {@link #rankZ} of two sorted samples. */
  static double rankZSorted(double[] xs, double[] ys) {
    return Math.abs(rankZSigned(xs, ys));
  }

  /** The rank test's z of two sorted samples, by one merge of them: positive when the second is the larger. */
  static double rankZSigned(double[] xs, double[] ys) {
    int n1 = xs.length;
    int n2 = ys.length;
    int n = n1 + n2;
    double r1 = 0;
    double ties = 0;
    int i = 0;
    int j = 0;
    int below = 0;
    while (i < n1 || j < n2) {
      double v = j >= n2 || (i < n1 && xs[i] <= ys[j]) ? xs[i] : ys[j];
      int cx = 0;
      while (i < n1 && xs[i] == v) {
        i++;
        cx++;
      }
      int cy = 0;
      while (j < n2 && ys[j] == v) {
        j++;
        cy++;
      }
      double t = cx + cy;
      r1 += cx * (below + (t + 1) / 2); // the tied values' mid-rank
      ties += t * t * t - t;
      below += cx + cy;
    }
    double u1 = r1 - n1 * (n1 + 1) / 2.0;
    double mean = n1 * (double) n2 / 2;
    double var = n1 * (double) n2 / 12 * ((n + 1) - ties / (n * (double) (n - 1)));
    return var <= 0 ? 0 : Math.signum(mean - u1) * Math.max(0, Math.abs(u1 - mean) - 0.5) / Math.sqrt(var);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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
}
