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
