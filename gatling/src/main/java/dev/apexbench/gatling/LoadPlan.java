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
 * @param concurrency for the closed-model point read: users in flight at once (each sends one
 *     request and is replaced when it ends); 0 for the open model
 */
public record LoadPlan(
    String baseUrl,
    double readRate,
    double writeRate,
    Duration duration,
    List<Double> steps,
    Map<String, List<Map<String, Object>>> feeds,
    List<Map<String, Object>> writeFeed,
    LoadAssertions assertions,
    int concurrency) {

  /** An open-model plan. */
  public LoadPlan(String baseUrl, double readRate, double writeRate, Duration duration, List<Double> steps,
      Map<String, List<Map<String, Object>>> feeds, List<Map<String, Object>> writeFeed, LoadAssertions assertions) {
    this(baseUrl, readRate, writeRate, duration, steps, feeds, writeFeed, assertions, 0);
  }

  /** The same plan against another base URL. */
  public LoadPlan at(String url) {
    return new LoadPlan(url, readRate, writeRate, duration, steps, feeds, writeFeed, assertions, concurrency);
  }

  /** True for the closed model (the point read): there is no arrival schedule to keep. */
  public boolean closed() {
    return concurrency > 0;
  }

  /** Users scheduled to start in second {@code s} of the run (all scenarios). */
  public double scheduledArrivals(int second) {
    if (closed()) {
      return 0;
    }
    if (!steps.isEmpty()) {
      int step = (int) (second / Math.max(1, duration.toSeconds()));
      return step < steps.size() ? steps.get(step) : 0;
    }
    return second < duration.toSeconds() ? readRate + writeRate : 0;
  }

  /** Requests scheduled in second {@code s}: a write journey is four requests. */
  public double scheduledRequests(int second) {
    if (closed()) {
      return 0;
    }
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
