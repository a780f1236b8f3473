package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The load generator's own pauses over the measured load ({@code load.generator_hiccups}),
 * measured with jHiccup's method: a thread in the generator's JVM sleeps 1 ms again and again and
 * records how late it wakes. A pause there is a pause of every generator thread: requests due in
 * it went out late and were timed from their late start, so the response times cannot show it.
 *
 * @param samples wake-ups measured
 * @param p50Ms median hiccup (jHiccup's histogram: a pause also counts the 1 ms samples it swallowed)
 * @param p99Ms 99th percentile hiccup
 * @param maxMs the longest single pause: what {@code generator_max_pause} judges
 * @param histogramNs the hiccup histogram, HdrHistogram V2 compressed base64, nanoseconds
 * @param pauses pauses of at least 50 ms, with the seconds of the load timeline they cover
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GeneratorHealth(long samples, double p50Ms, double p99Ms, double maxMs, String histogramNs, List<Span> pauses) {

  /** Part of the load timeline: from {@code startS} to {@code endS} (seconds since the load began), lasting {@code ms}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Span(double startS, double endS, double ms) {
    /** "12.3-14.4 s". */
    public String seconds() {
      return String.format(java.util.Locale.ROOT, "%.1f-%.1f s", startS, endS);
    }
  }
}
