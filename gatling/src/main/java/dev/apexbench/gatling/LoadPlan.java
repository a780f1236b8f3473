package dev.apexbench.gatling;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a simulation needs, decided before Gatling starts: where, how much (open model:
 * arrivals per second, so a slow server cannot slow the generator down), the feeds, and the
 * assertions.
 *
 * @param readRate read-mix virtual users started per second (one request each)
 * @param writeRate write journeys started per second (four requests each); 0 for none
 * @param steps for the stepped sweep: read rates, each held for {@code duration}; empty otherwise
 * @param feeds per read route request name, the session values each user takes (circular)
 * @param writeFeed values for write journeys: account (a load-test tenant), module, inputs
 */
public record LoadPlan(
    String baseUrl,
    double readRate,
    double writeRate,
    Duration duration,
    List<Double> steps,
    Map<String, List<Map<String, Object>>> feeds,
    List<Map<String, Object>> writeFeed,
    LoadAssertions assertions) {

  /** Users scheduled to start in second {@code s} of the run (all scenarios). */
  public double scheduledArrivals(int second) {
    if (!steps.isEmpty()) {
      int step = (int) (second / Math.max(1, duration.toSeconds()));
      return step < steps.size() ? steps.get(step) : 0;
    }
    return second < duration.toSeconds() ? readRate + writeRate : 0;
  }

  /** Requests scheduled in second {@code s}: a write journey is four requests. */
  public double scheduledRequests(int second) {
    if (!steps.isEmpty()) {
      return scheduledArrivals(second);
    }
    return second < duration.toSeconds() ? readRate + 4 * writeRate : 0;
  }

  public Duration totalDuration() {
    return steps.isEmpty() ? duration : duration.multipliedBy(steps.size());
  }

  /**
   * What the simulation asserts (Gatling fails the run, exit code 2, when one breaks). The
   * harness's own evaluation of targets.yaml is the gate; these make Gatling's report agree.
   *
   * @param maxErrorPct failed requests, percent of all (an expected 412 is not a failure); null: none
   * @param byGroup per endpoint group, a latency limit
   */
  public record LoadAssertions(Double maxErrorPct, Map<String, GroupLimit> byGroup) {}

  /**
   * A latency limit: {@code statistic} is mean, max or a percentile (p50 ... p999), {@code
   * inclusive} is true for {@code <=}, {@code ms} the limit in milliseconds.
   */
  public record GroupLimit(String statistic, boolean inclusive, int ms) {}
}
