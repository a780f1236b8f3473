package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code bench capacity}: how much load the stack sustains within the load targets, where latency
 * turns up, what limits it, and the Universal Scalability Law fitted to the steps.
 *
 * @param mix what a step offers: the full dashboard mix, read users and write journeys in the
 *     profile's proportion
 * @param stepSeconds how long each step held its rate
 * @param steps every step in the order run (the search: multiply, then bisect)
 * @param maxSustainableRps the highest offered request rate of a step that met every load target
 *     (null when even the first step failed)
 * @param maxSustainableAchievedRps what that step achieved
 * @param kneeRps the lowest of the groups' knees (the first group to bend); null when no group's did
 * @param kneeByGroup per endpoint group: the lowest offered rate from which its p95 stays above {@code
 *     kneeFactor} times its p95 at the lowest step (each group on its own: the slow JSONB scans do not
 *     hide the others' knee)
 * @param kneeFactor the factor
 * @param firstBreach the load target that failed first (at the lowest failing rate), null if none
 * @param bottleneck what limited the stack, from the failing steps' evidence
 * @param usl the Universal Scalability Law fitted to throughput against concurrency
 * @param note how the search ended
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Capacity(
    String mix,
    double stepSeconds,
    List<Step> steps,
    Double maxSustainableRps,
    Double maxSustainableAchievedRps,
    Double kneeRps,
    double kneeFactor,
    String firstBreach,
    Bottleneck bottleneck,
    Usl usl,
    String note,
    /** The catalog measured at each data scale (empty when not asked for). */
    List<Scale> scales,
    /** Per query, how its p95 grows with the data and where it would breach its target. */
    List<Growth> growth,
    Map<String, Double> kneeByGroup,
    /** The group whose knee is {@code kneeRps}. */
    String kneeGroup,
    /** Whether accepted breaches were honoured inside the search (--honour-accepted); by default every breach fails a step. */
    boolean honoursAccepted) {

  /** A capacity result without the data-scale part. */
  public Capacity(String mix, double stepSeconds, List<Step> steps, Double maxSustainableRps, Double maxSustainableAchievedRps,
      Double kneeRps, double kneeFactor, String firstBreach, Bottleneck bottleneck, Usl usl, String note, Map<String, Double> kneeByGroup,
      String kneeGroup, boolean honoursAccepted) {
    this(mix, stepSeconds, steps, maxSustainableRps, maxSustainableAchievedRps, kneeRps, kneeFactor, firstBreach, bottleneck, usl, note,
        List.of(), List.of(), kneeByGroup, kneeGroup, honoursAccepted);
  }

  public Capacity withScales(List<Scale> sc, List<Growth> g) {
    return new Capacity(mix, stepSeconds, steps, maxSustainableRps, maxSustainableAchievedRps, kneeRps, kneeFactor, firstBreach, bottleneck,
        usl, note, sc, g, kneeByGroup, kneeGroup, honoursAccepted);
  }

  public Capacity withUsl(Usl u) {
    return new Capacity(mix, stepSeconds, steps, maxSustainableRps, maxSustainableAchievedRps, kneeRps, kneeFactor, firstBreach, bottleneck,
        u, note, scales, growth, kneeByGroup, kneeGroup, honoursAccepted);
  }

  /**
   * The catalog at one data scale: JMH (the smoke profile's short iterations) right after seeding.
   *
   * @param rows projects, payloads and events
   * @param seedSeconds how long seeding took (0 when the stored dataset was reused)
   * @param p95Ms per query
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Scale(double scale, long rows, double seedSeconds, Map<String, Double> p95Ms) {}

  /**
   * How one query's p95 grows with the data: the slope of log p95 against log scale (0: an index
   * lookup that does not notice the data; 1: a scan that grows with it), and the scale at which
   * the fitted power law crosses the query's target.
   *
   * @param growthExponent the fitted slope (least squares on the logs), null when not fitted
   * @param r2 of that fit
   * @param limitMs the query's target (its p95 limit), or null when it has none
   * @param projectedBreachScale where p95 = limit on the fitted line; null when it does not grow
   *     (exponent below 0.1) or has no target
   * @param breachedAt the smallest measured scale already over the limit, or null
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Growth(String query, String queryClass, Map<String, Double> p95ByScale, Double growthExponent, Double r2, Double limitMs,
      Double projectedBreachScale, Double breachedAt, String note) {}

  /**
   * One rate held for a step.
   *
   * @param offeredRps the scheduled request rate (reads and writes)
   * @param achievedRps successful responses on time per second
   * @param errorRatePct failed requests over requests
   * @param p50Ms all endpoints, successful requests (whole ms)
   * @param p95ByGroupMs per endpoint group, its endpoints' histograms merged
   * @param concurrency requests in flight by Little's law: achieved rate times mean response time
   * @param poolActiveMean the api pool's mean active connections (sampled each second), null when
   *     the api is not the harness's own
   * @param poolUtilizationP95Pct p95 of active / max connections over the step
   * @param poolPendingMax the most threads waiting for a connection at a sample
   * @param apiCpuPct the api JVM's CPU time over the step's wall time and the machine's cores (null
   *     when the api is not the harness's own)
   * @param apiCpuCores the same as cores kept busy (1.0: one core all the step), the figure the
   *     bottleneck reads
   * @param queueMs mean time waiting for a server worker (the api's Server-Timing queue phase), over
   *     the step's successful requests; null when the target sends no Server-Timing
   * @param poolMs mean time waiting for a pooled connection (the pool phase)
   * @param dbMs mean time holding the connection (the db phase)
   * @param poolAcquireMeanMs the mean connection wait from HikariCP's acquire timer over the step
   * @param poolAcquireMaxMs the longest connection wait the timer reported during the step
   * @param dbXactPerSec commits and rollbacks per second in the database
   * @param dbBlocksPerSec blocks hit or read per second (a CPU proxy for the database)
   * @param dbTopStatement the statement with the most execution time in the step, with its mean
   * @param pass every load target met (accepted breaches do not fail a step, as in the gate)
   * @param failed the load targets that failed
   * @param phase "grow" (multiplying), "bisect", or "disturbed": an attempt during which the load
   *     generator paused over 100 ms (its requests went out in a burst, not at the offered rate),
   *     set aside and measured again; it takes no part in the verdict
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Step(
      double offeredRps,
      double achievedRps,
      long requests,
      double errorRatePct,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      Map<String, Double> p95ByGroupMs,
      double meanMs,
      double concurrency,
      Double poolActiveMean,
      Double poolUtilizationP95Pct,
      Integer poolPendingMax,
      Double apiCpuPct,
      Double dbXactPerSec,
      Double dbBlocksPerSec,
      String dbTopStatement,
      double generatorMaxPauseMs,
      boolean pass,
      List<String> failed,
      String phase,
      Double apiCpuCores,
      Double queueMs,
      Double poolMs,
      Double dbMs,
      Double poolAcquireMeanMs,
      Double poolAcquireMaxMs) {
    /** The phase of an attempt set aside because the generator paused. */
    public static final String DISTURBED = "disturbed";
  }

  /**
   * What limited the stack, named from evidence: "load generator" (its own targets failed: the
   * measurement gave out), "pool" (the wait for a connection rose), "server saturation" (the wait
   * for a worker rose while the pool and the database stayed flat), "api CPU" (the same, with the
   * api's JVM using the machine's cores), "database" (the time holding a connection rose), "none
   * found" (every step met every target) or "unknown" (no breakdown to tell); with the evidence.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Bottleneck(String name, String evidence) {}

  /**
   * The Universal Scalability Law, X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)), fitted
   * by least squares (Levenberg-Marquardt) to a closed-model sweep: N requests kept in flight (each
   * replaced when it is answered), throughput X measured at each N. An open-model step cannot
   * serve: its throughput is its offered rate until it fails.
   *
   * @param sigma contention (serialisation), 0 to 1
   * @param kappa coherency (crosstalk)
   * @param lambda throughput of one request in flight, requests/s
   * @param r2 coefficient of determination of the fit
   * @param points steps fitted
   * @param peakConcurrency where the fitted throughput peaks, sqrt((1 - sigma) / kappa); null when
   *     kappa is 0 or the peak lies beyond twice the highest measured concurrency (not extrapolated)
   * @param peakRps the fitted throughput at the peak, under the same condition
   * @param note why a value is missing, or how far the fit can be trusted
   * @param sigmaCi95 half the width of sigma's 95 % confidence interval (from the fit's covariance and
   *     residuals, Student's t over points - 3 degrees of freedom)
   * @param kappaCi95 likewise for kappa
   * @param lambdaCi95 likewise for lambda
   * @param measured the sweep: concurrency and the throughput measured there
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Usl(Double sigma, Double kappa, Double lambda, Double r2, int points, Double peakConcurrency, Double peakRps,
      double maxMeasuredConcurrency, String note, Double sigmaCi95, Double kappaCi95, Double lambdaCi95, List<Point> measured) {

    /** One step of the closed-model sweep. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Point(double concurrency, double throughputRps) {}
  }
}
