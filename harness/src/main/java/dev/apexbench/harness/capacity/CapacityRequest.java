package dev.apexbench.harness.capacity;

import dev.apexbench.harness.run.Profile;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What the capacity run does.
 *
 * @param startRate the first step's offered request rate, or null for the profile's load rate
 * @param maxRate no step offers more
 * @param stepDuration how long each step holds its rate, or null for the profile's
 * @param poolSize the started api's HikariCP pool size
 * @param scales the data scales at which the catalog is measured for the growth fit (empty: none)
 * @param queries the catalog glob for the scales, or null for all
 * @param targetUrl a deployment to measure (the api's contract, or the reference server) instead of
 *     the api started on the session's server, or null
 * @param honourAccepted let accepted breaches pass inside the search (by default every breach fails a step)
 * @param warmup the unrecorded warm-up before the first step, or null for the profile's
 * @param uslConcurrency the closed-model sweep's concurrency steps for the USL fit (empty: no sweep)
 * @param bisections steps spent between the last pass and the first failure, or null for the profile's
 */
public record CapacityRequest(Profile profile, Double startRate, double maxRate, Duration stepDuration, int poolSize, List<Double> scales,
    String queries, URI targetUrl, boolean honourAccepted, Duration warmup, List<Integer> uslConcurrency, Integer bisections) {

  /** The profile's data scales for the growth fit, as text: smoke 0.1,1; quick 0.1,1,10; full 0.1,1,10,30. */
  public static String defaultScales(Profile p) {
    return switch (p.label()) {
      case "smoke" -> "0.1,1";
      case "full" -> "0.1,1,10,30";
      default -> "0.1,1,10";
    };
  }

  /**
   * The profile's closed-model sweep: concurrency 1 to 32 (full: 64), at least six steps, so the
   * fit has three parameters and degrees of freedom for their intervals.
   */
  public static List<Integer> defaultUslConcurrency(Profile p) {
    return switch (p.label()) {
      case "smoke" -> List.of(1, 2, 4, 8, 16, 32);
      case "full" -> List.of(1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64);
      default -> List.of(1, 2, 4, 6, 8, 12, 16, 24, 32);
    };
  }

  /** Seconds a step holds its rate, bisections after the first failure, seconds per closed-model step; per profile. */
  record Sizing(Duration step, int bisections, Duration uslStep) {}

  Sizing sizing() {
    int[] s = switch (profile.label()) {
      case "smoke" -> new int[] {5, 1, 2};
      case "full" -> new int[] {30, 3, 10};
      default -> new int[] {15, 2, 5};
    };
    return new Sizing(stepDuration != null ? stepDuration : Duration.ofSeconds(s[0]), bisections != null ? bisections : s[1],
        stepDuration != null ? Duration.ofMillis(Math.min(stepDuration.toMillis(), s[2] * 1000L)) : Duration.ofSeconds(s[2]));
  }

  Duration warmupOrProfile() {
    return warmup != null ? warmup : profile.load().warmup();
  }
}
