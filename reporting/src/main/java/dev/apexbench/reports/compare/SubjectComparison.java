package dev.apexbench.reports.compare;

import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/** Compares one subject's two histograms: p50 and p95 change, test, interval and verdict. */
final class SubjectComparison {

  private static final double[] QUANTILES = {0.50, 0.95};

  private final CompareOptions options;
  private final int iterations;

  SubjectComparison(CompareOptions options) {
    this.options = options;
    // enough resamples that p can go below alpha: the smallest bootstrap p is 2 / (B + 1)
    this.iterations = (int) Math.min(20_000, Math.max(2_000, Math.ceil(20 / options.alpha())));
  }

  List<MetricChange> compare(Subject b, Subject c, List<String> notes) {
    Histogram hb = Histograms.decode(b.histogramNs(), "baseline " + b.name());
    Histogram hc = Histograms.decode(c.histogramNs(), "current " + c.name());
    if (hb == null || hc == null || hb.getTotalCount() == 0 || hc.getTotalCount() == 0) {
      String which = hb == null || hb.getTotalCount() == 0 ? "baseline" : "current";
      notes.add(b.name() + ": not tested, no histogram in the " + which + " run");
      return untested(b, c, "not tested: no histogram in the " + which + " run");
    }
    double[] x = QuantileSample.of(hb, (int) Math.min(Comparator.MAX_SAMPLE, hb.getTotalCount()));
    double[] y = QuantileSample.of(hc, (int) Math.min(Comparator.MAX_SAMPLE, hc.getTotalCount()));
    Bootstrap.Interval[] ci = Bootstrap.ratios(x, y, QUANTILES, iterations, options.alpha(), b.name().hashCode());
    double pMedian = new MannWhitneyUTest().mannWhitneyUTest(x, y);
    String sizes = "n " + x.length + " vs " + y.length;
    List<MetricChange> out = new ArrayList<>();
    // a change smaller than what the recording can resolve (1 ms for load) is not a change
    double floorMs = Math.max(options.minEffectMs(), b.resolutionMs());
    out.add(change(c.name(), "p50_ms", ms(hb, 50), ms(hc, 50), ci[0], pMedian, "Mann-Whitney U, " + sizes, floorMs));
    out.add(change(c.name(), "p95_ms", ms(hb, 95), ms(hc, 95), ci[1], ci[1].pValue(),
        "bootstrap of the p95 ratio, " + iterations + " resamples, " + sizes, floorMs));
    return out;
  }

  private MetricChange change(String subject, String metric, double base, double cur, Bootstrap.Interval ci, double p, String test,
      double floorMs) {
    double pct = base > 0 ? (cur / base - 1) * 100 : 0;
    return new MetricChange(subject, metric, base, cur, pct, ci.ciLowPct(), ci.ciHighPct(), p, test, decide(pct, cur - base, p, floorMs));
  }

  /** Significant, and larger than both the relative and the absolute minimum effect. */
  String decide(double changePct, double changeMs, double p, double floorMs) {
    boolean large = Math.abs(changePct) > options.minEffectPct() && Math.abs(changeMs) > floorMs;
    if (p < options.alpha() && large && changePct > 0) {
      return Comparison.REGRESSION;
    }
    if (p < options.alpha() && large && changePct < 0) {
      return Comparison.IMPROVEMENT;
    }
    return Comparison.NO_CHANGE;
  }

  private static List<MetricChange> untested(Subject b, Subject c, String why) {
    List<MetricChange> out = new ArrayList<>();
    if (b.p50Ms() != null && c.p50Ms() != null) {
      out.add(new MetricChange(c.name(), "p50_ms", b.p50Ms(), c.p50Ms(), pct(b.p50Ms(), c.p50Ms()), null, null, null,
          why, Comparison.NO_CHANGE));
    }
    if (b.p95Ms() != null && c.p95Ms() != null) {
      out.add(new MetricChange(c.name(), "p95_ms", b.p95Ms(), c.p95Ms(), pct(b.p95Ms(), c.p95Ms()), null, null, null,
          why, Comparison.NO_CHANGE));
    }
    return out;
  }

  private static double pct(double b, double c) {
    return b > 0 ? (c / b - 1) * 100 : 0;
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e6;
  }
}
