package dev.apexbench.reports.compare;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A deterministic sample of a recorded distribution: the values at ranks (i + 0.5) / n of the
 * histogram, i = 0..n-1, in ascending order and in milliseconds. With n equal to the count it is
 * the recording itself; with fewer it is the distribution's n-quantiles, which a rank test or a
 * bootstrap can treat as a sample of size n without any random draw.
 */
final class QuantileSample {

  private QuantileSample() {}

  /**
   * @param nanos a histogram of nanoseconds with at least one value
   * @param n the sample size, at most the histogram's count
   */
  static double[] of(AbstractHistogram nanos, int n) {
    long total = nanos.getTotalCount();
    if (n <= 0 || total <= 0 || n > total) {
      throw new IllegalArgumentException("sample size " + n + " for " + total + " values");
    }
    double[] out = new double[n];
    int i = 0;
    long cumulative = 0;
    for (HistogramIterationValue v : nanos.recordedValues()) {
      cumulative += v.getCountAtValueIteratedTo();
      double ms = nanos.highestEquivalentValue(v.getValueIteratedTo()) / 1e6;
      // rank of sample i, 1-based, in [1, total]
      while (i < n && Math.ceil((i + 0.5) * total / n) <= cumulative) {
        out[i++] = ms;
      }
    }
    while (i < n) {
      out[i++] = nanos.highestEquivalentValue(nanos.getMaxValue()) / 1e6;
    }
    return out;
  }
}
