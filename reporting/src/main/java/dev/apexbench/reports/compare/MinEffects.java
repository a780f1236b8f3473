package dev.apexbench.reports.compare;

import java.util.Map;

/**
 * Per-metric minimum effects, as {@code bench calibrate} measured them on one runner, keyed by
 * {@link #key subject and metric}.
 *
 * @param source where they came from (the calibration file), shown beside each metric they set
 * @param comparabilityKey what the calibration's runs measured (dataset, profile, server, machine):
 *     a calibration is used only for runs with the same key
 */
public record MinEffects(String source, String comparabilityKey, Map<String, Effect> effects) {

  /**
   * One metric's minimum effect.
   *
   * @param pct the smallest relative change that counts, %
   * @param ms the smallest absolute change that counts, ms
   * @param from what set it: a calibration file, or "--min-effect" for the global default
   */
  public record Effect(double pct, double ms, String from) {}

  public static String key(String subject, String metric) {
    return subject + " " + metric;
  }
}
