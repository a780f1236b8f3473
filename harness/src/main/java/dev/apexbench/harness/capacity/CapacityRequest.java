package dev.apexbench.harness.capacity;

import dev.apexbench.harness.run.Profile;
import java.time.Duration;
import java.util.List;

/**
 * What the capacity search runs.
 *
 * @param startRate the first step's offered request rate, or null for the profile's load rate
 * @param maxRate no step offers more
 * @param stepDuration how long each step holds its rate, or null for the profile's
 * @param poolSize the started api's HikariCP pool size
 * @param scales the data scales at which the catalog is measured for the growth fit (empty: none)
 * @param queries the catalog glob for the scales, or null for all
 */
public record CapacityRequest(Profile profile, Double startRate, double maxRate, Duration stepDuration, int poolSize, List<Double> scales,
    String queries) {

  /** The profile's data scales for the growth fit, as text: smoke 0.1,1; quick 0.1,1,10; full 0.1,1,10,30. */
  public static String defaultScales(Profile p) {
    return switch (p.label()) {
      case "smoke" -> "0.1,1";
      case "full" -> "0.1,1,10,30";
      default -> "0.1,1,10";
    };
  }

  /** Seconds a step holds its rate and bisections after the first failure, per profile. */
  record Sizing(Duration step, int bisections) {}

  Sizing sizing() {
    int[] s = switch (profile.label()) {
      case "smoke" -> new int[] {5, 1};
      case "full" -> new int[] {30, 3};
      default -> new int[] {15, 2};
    };
    return new Sizing(stepDuration != null ? stepDuration : Duration.ofSeconds(s[0]), s[1]);
  }
}
