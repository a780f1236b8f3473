package dev.apexbench.reports;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * The {@code histogram_ns} encoding of results.json: HdrHistogram V2, compressed, base64, values
 * in nanoseconds.
 */
public final class Histograms {

  private Histograms() {}

  /**
   * Decodes a {@code histogram_ns} value.
   *
   * @param what names the owner in the error message (e.g. "query simple.status_recent")
   * @return the histogram, or null when {@code encoded} is null or blank
   * @throws ReportsException the value is not an encoded histogram
   */
  public static Histogram decode(String encoded, String what) {
    if (encoded == null || encoded.isBlank()) {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded.strip());
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    } catch (RuntimeException | DataFormatException e) {
      throw new ReportsException(what + ": histogram_ns is not an encoded HdrHistogram: " + e.getMessage(), e);
    }
  }

  /**
   * The endpoints' histograms added together (exact: a percentile of a group is not the mean of
   * its endpoints' percentiles); null when an endpoint has no histogram or nothing was recorded.
   */
  public static Histogram merge(java.util.List<dev.apexbench.reports.model.Endpoint> endpoints) {
    Histogram merged = null;
    for (dev.apexbench.reports.model.Endpoint e : endpoints) {
      Histogram h = decode(e.histogramNs(), "endpoint " + e.name());
      if (h == null) {
        return null;
      }
      if (merged == null) {
        merged = new Histogram(h.getNumberOfSignificantValueDigits());
        merged.setAutoResize(true);
      }
      merged.add(h);
    }
    return merged == null || merged.getTotalCount() == 0 ? null : merged;
  }

  /** The resolution of the load's latencies: the client records whole milliseconds (Gatling's response times). */
  public static final long LOAD_RESOLUTION_NS = 1_000_000L;

  /**
   * The one rounding rule of every load latency reported in ms (endpoints, groups merged from their
   * endpoints, capacity steps): the value at the percentile (the maximum at 100), taken at the middle
   * of its HdrHistogram bucket, rounded to the recording's resolution. Whole-millisecond times stay
   * whole milliseconds whether they come from one endpoint or from endpoints merged, instead of a
   * bucket's top such as 25.016 ms.
   */
  public static double ms(AbstractHistogram nanos, double percentile) {
    long v = percentile >= 100 ? nanos.getMaxValue() : nanos.getValueAtPercentile(percentile);
    long mid = nanos.medianEquivalentValue(v);
    return Math.round((double) mid / LOAD_RESOLUTION_NS) * LOAD_RESOLUTION_NS / 1e6;
  }

  /** Encodes a histogram (values in nanoseconds) as results.json stores it. */
  public static String encode(AbstractHistogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    byte[] out = new byte[n];
    buf.flip();
    buf.get(out);
    return Base64.getEncoder().encodeToString(out);
  }
}
