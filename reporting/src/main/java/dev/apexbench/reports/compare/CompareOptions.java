package dev.apexbench.reports.compare;

import dev.apexbench.reports.ReportsException;

/**
 * How a comparison judges a change.
 *
 * @param minEffectPct the smallest relative change (in %) worth reporting: a significant change
 *     smaller than this is "no change". Default 15: over 20 A/A pairs of smoke runs on this
 *     project's 2-core machine a query's p50 moved between two runs of one build with a standard
 *     deviation of 1.8 to 6.3 % (median 3.5 %), which no test on one run's samples can see; with
 *     that noise a 10 % minimum effect lets about 1 comparison in 8 call a false regression, 15 %
 *     about 1 in 30 (see ComparatorTest)
 * @param minEffectMs the smallest absolute change (in ms) worth reporting. Default 0.1 ms: two
 *     quick-profile runs of the same build on this project's 2-core machine differed by up to
 *     +17 % (46 us) at the p95 of a 0.27 ms query, significant to the test; below about the
 *     harness's own per-call jitter (its SELECT 1 baseline has a p95 near 0.07 ms) a change says
 *     more about the machine than about the query
 * @param alpha the significance level of the test, and 1 - the level of the confidence
 *     intervals. Default 0.01
 * @param force compare runs whose dataset, profile or server settings differ (the differences are
 *     recorded in the comparison instead of refusing)
 * @param workTolerancePct how far a work counter (blocks or statements per call) may move before
 *     it counts, in %. Default 2: on one dataset the plan guard's counters are exact, and the JMH
 *     window's moved by less than 1 % between runs of one build (the workload's parameter mix and
 *     the dead rows the load's writes leave behind)
 * @param calibrated per-metric minimum effects from {@code bench calibrate}, used instead of the two
 *     global ones for the metrics it has; null for none
 */
public record CompareOptions(double minEffectPct, double minEffectMs, double alpha, boolean force, double workTolerancePct,
    MinEffects calibrated) {

  public static final double DEFAULT_MIN_EFFECT_PCT = 15;
  public static final double DEFAULT_MIN_EFFECT_MS = 0.1;
  public static final double DEFAULT_ALPHA = 0.01;
  public static final double DEFAULT_WORK_TOLERANCE_PCT = 2;
  /**
   * The default tolerance of the blocks counters measured over a workload of prepared statements
   * (a query's blocks per call over the JMH window, an endpoint's blocks per request), % (see
   * WorkComparison).
   */
  public static final double DEFAULT_PLAN_CACHE_TOLERANCE_PCT = 50;

  public CompareOptions(double minEffectPct, double minEffectMs, double alpha, boolean force) {
    this(minEffectPct, minEffectMs, alpha, force, DEFAULT_WORK_TOLERANCE_PCT, null);
  }

  public CompareOptions {
    if (!(workTolerancePct >= 0) || Double.isInfinite(workTolerancePct)) {
      throw new ReportsException("work tolerance " + workTolerancePct + " % is invalid (allowed: 0 or more, in %)");
    }
    if (!(minEffectPct >= 0) || Double.isInfinite(minEffectPct)) {
      throw new ReportsException("minimum effect " + minEffectPct + " % is invalid (allowed: 0 or more, in %)");
    }
    if (!(minEffectMs >= 0) || Double.isInfinite(minEffectMs)) {
      throw new ReportsException("minimum effect " + minEffectMs + " ms is invalid (allowed: 0 or more, in ms)");
    }
    if (!(alpha > 0 && alpha < 0.5)) {
      throw new ReportsException("alpha " + alpha + " is invalid (allowed: more than 0 and less than 0.5, e.g. 0.01)");
    }
  }

  /** With the default absolute minimum effect. */
  public CompareOptions(double minEffectPct, double alpha, boolean force) {
    this(minEffectPct, DEFAULT_MIN_EFFECT_MS, alpha, force);
  }

  public static CompareOptions defaults() {
    return new CompareOptions(DEFAULT_MIN_EFFECT_PCT, DEFAULT_MIN_EFFECT_MS, DEFAULT_ALPHA, false);
  }

  public CompareOptions withForce(boolean f) {
    return new CompareOptions(minEffectPct, minEffectMs, alpha, f, workTolerancePct, calibrated);
  }

  public CompareOptions withCalibration(MinEffects m) {
    return new CompareOptions(minEffectPct, minEffectMs, alpha, force, workTolerancePct, m);
  }

  public CompareOptions withWorkTolerance(double pct) {
    return new CompareOptions(minEffectPct, minEffectMs, alpha, force, pct, calibrated);
  }

  /** The minimum effects that hold for one metric: the calibration's where it has the metric, else the global ones. */
  public MinEffects.Effect effectFor(String subject, String metric) {
    MinEffects.Effect e = calibrated == null ? null : calibrated.effects().get(MinEffects.key(subject, metric));
    return e != null ? e : new MinEffects.Effect(minEffectPct, minEffectMs, "--min-effect");
  }
}
