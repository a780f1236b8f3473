package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.compare.CompareOptions;
import picocli.CommandLine.Option;

/** What a comparison counts as a change: minimum effects and whether runs measured differently are compared anyway. */
public final class EffectOptions {
  @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = "15",
      description = "The smallest change that counts, in percent (run-to-run drift of one build on a shared machine reaches 10 %%)."
          + " Default: ${DEFAULT-VALUE}.")
  double minEffect;

  @Option(names = "--min-effect-ms", paramLabel = "MS", defaultValue = "0.1",
      description = "The smallest absolute change that counts, in milliseconds (sub-millisecond tails move by tens of microseconds between"
          + " runs of the same build). Default: ${DEFAULT-VALUE}.")
  double minEffectMs;

  @Option(names = "--force", description = "Compare even if dataset, scale, profile, server settings or machine differ.")
  boolean force;

  @Option(names = "--calibration", paramLabel = "FILE", description = "A calibration.json from bench calibrate on this machine, profile and"
      + " dataset: its per-metric minimum effects (and work tolerances) replace --min-effect and --min-effect-ms for the metrics it has.")
  java.nio.file.Path calibration;

  @Option(names = "--work-tolerance", paramLabel = "PCT", defaultValue = "2",
      description = "How far a work counter (blocks or statements per call) may move before it counts, in percent; an endpoint's blocks per"
          + " request allows at least 50 %%. Default: ${DEFAULT-VALUE}.")
  double workTolerance;

  /** The comparison's settings at significance level {@code alpha}, checked: one line naming the option, the value and what is allowed. */
  CompareOptions options(double alpha) {
    if (!(minEffect >= 0 && minEffect <= 1000)) {
      throw BenchException.usage("--min-effect: '" + plain(minEffect) + "' is not allowed (allowed: 0 to 1000 percent)");
    }
    if (!(minEffectMs >= 0 && minEffectMs <= 60_000)) {
      throw BenchException.usage("--min-effect-ms: '" + plain(minEffectMs) + "' is not allowed (allowed: 0 to 60000 ms)");
    }
    if (!(alpha > 0 && alpha < 0.5)) {
      throw BenchException.usage("--alpha: '" + plain(alpha) + "' is not allowed (allowed: more than 0 and less than 0.5, e.g. 0.01)");
    }
    if (!(workTolerance >= 0 && workTolerance <= 1000)) {
      throw BenchException.usage("--work-tolerance: '" + plain(workTolerance) + "' is not allowed (allowed: 0 to 1000 percent)");
    }
    return new CompareOptions(minEffect, minEffectMs, alpha, force).withWorkTolerance(workTolerance);
  }

  /** The calibration given, or null; one line (exit 2) when it cannot be read. */
  dev.apexbench.reports.model.Calibration calibration() {
    if (calibration == null) {
      return null;
    }
    try {
      return dev.apexbench.reports.calibrate.CalibrationIO.read(calibration);
    } catch (dev.apexbench.reports.ReportsException e) {
      throw BenchException.usage("--calibration: " + e.getMessage());
    }
  }

  /**
   * The options with the calibration's per-metric minimum effects, after checking that it was measured
   * like {@code run} (one line, exit 2, naming what differs).
   */
  CompareOptions withCalibration(CompareOptions o, dev.apexbench.reports.model.Calibration cal, dev.apexbench.reports.model.Results run) {
    if (cal == null) {
      return o;
    }
    java.util.List<String> differ = dev.apexbench.reports.calibrate.CalibrationIO.mismatches(cal, run);
    if (!differ.isEmpty()) {
      throw BenchException.usage("--calibration: " + calibration + " was measured differently: " + String.join(", ", differ)
          + " (allowed: a calibration of this profile, dataset and machine; run bench calibrate here)");
    }
    return o.withCalibration(dev.apexbench.reports.calibrate.CalibrationIO.minEffects(cal, calibration.toString()));
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
