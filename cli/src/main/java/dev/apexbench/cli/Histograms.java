package dev.apexbench.cli;

import java.nio.ByteBuffer;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/** HdrHistogram helpers: the results carry histograms in nanoseconds, V2-compressed, base64. */
final class Histograms {
  private Histograms() {}

  /** Up to one hour in nanoseconds, three significant digits. */
  static Histogram newNanos() {
    return new Histogram(3_600_000_000_000L, 3);
  }

  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int len = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), len));
  }
}
