package dev.apexbench.reports.compare;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of the ratio current / baseline of quantiles (median, p95, ...) of two
 * samples. Each iteration resamples both samples with replacement (same sizes), takes the
 * quantiles of each resample, and records their ratio. The spread of the ratios gives the
 * confidence interval of the relative change, and how often the ratio falls on the other side of
 * 1 gives a two-sided p-value. The generator is seeded, so a report is reproducible.
 */
final class Bootstrap {

  /**
   * The bootstrap outcome for one quantile.
   *
   * @param ciLowPct lower end of the (1 - alpha) interval of the change, in %
   * @param ciHighPct upper end, in %
   * @param pValue two-sided bootstrap p-value of "no change", at least 2 / (iterations + 1)
   */
  record Interval(double ciLowPct, double ciHighPct, double pValue) {}

  private Bootstrap() {}

  /**
   * @param x the baseline sample, ascending
   * @param y the current sample, ascending
   * @param quantiles the quantiles to compare, in (0, 1]
   */
  static Interval[] ratios(double[] x, double[] y, double[] quantiles, int iterations, double alpha, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] ratios = new double[quantiles.length][iterations];
    int[] cx = new int[x.length];
    int[] cy = new int[y.length];
    double[] qx = new double[quantiles.length];
    double[] qy = new double[quantiles.length];
    for (int it = 0; it < iterations; it++) {
      resampleQuantiles(x, cx, quantiles, rng, qx);
      resampleQuantiles(y, cy, quantiles, rng, qy);
      for (int q = 0; q < quantiles.length; q++) {
        ratios[q][it] = qx[q] > 0 ? qy[q] / qx[q] : 1.0;
      }
    }
    Interval[] out = new Interval[quantiles.length];
    for (int q = 0; q < quantiles.length; q++) {
      double[] r = ratios[q];
      Arrays.sort(r);
      long atOrBelow = Arrays.stream(r).filter(v -> v <= 1.0).count();
      long atOrAbove = Arrays.stream(r).filter(v -> v >= 1.0).count();
      double p = Math.min(1.0, 2.0 * (Math.min(atOrBelow, atOrAbove) + 1) / (iterations + 1.0));
      out[q] = new Interval((at(r, alpha / 2) - 1) * 100, (at(r, 1 - alpha / 2) - 1) * 100, p);
    }
    return out;
  }

  /**
   * Draws a resample of {@code s} as counts per index (an ascending sample needs no sort) and
   * reads the quantiles off the cumulative counts: O(n) per resample.
   */
  private static void resampleQuantiles(double[] s, int[] counts, double[] quantiles, SplittableRandom rng, double[] out) {
    int n = s.length;
    Arrays.fill(counts, 0);
    for (int i = 0; i < n; i++) {
      counts[rng.nextInt(n)]++;
    }
    for (int q = 0; q < quantiles.length; q++) {
      long rank = Math.max(1, (long) Math.ceil(quantiles[q] * n)); // nearest rank, 1-based
      long cumulative = 0;
      int j = 0;
      while (j < n - 1 && cumulative + counts[j] < rank) {
        cumulative += counts[j++];
      }
      out[q] = s[j];
    }
  }

  /** The value at fraction f of a sorted array (nearest rank). */
  private static double at(double[] sorted, double f) {
    int i = (int) Math.ceil(f * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
