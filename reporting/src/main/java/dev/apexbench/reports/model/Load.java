package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The HTTP load phase (Gatling, open workload model), recorded by the harness's own HdrHistogram
 * recorder, not from Gatling's internal files.
 *
 * @param scheduledRps the request rate the injection profile asked for (mean over the run)
 * @param achievedRps successful responses that completed within the scheduled window, per second
 *     of it: a server that falls behind (its backlog is answered after the window), or fails
 *     requests, lowers it
 * @param rateKept false when the generator could not keep the scheduled rate (see rateNote); the
 *     same as {@code schedule.kept}
 * @param drainSeconds how long after the end of the injection the last response arrived
 * @param steps the capacity sweep, one entry per rate step (empty for a constant-rate run)
 * @param gatlingReport path of Gatling's HTML report relative to the run directory
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Load(
    String profile,
    String simulation,
    String targetUrl,
    double durationSeconds,
    double scheduledRps,
    double achievedRps,
    boolean rateKept,
    String rateNote,
    Endpoint total,
    List<Endpoint> endpoints,
    List<TimePoint> timeline,
    String gatlingReport,
    Integer gatlingExitCode,
    Double drainSeconds,
    List<Step> steps,
    /** The generator's own pauses (null in files written before it existed). */
    GeneratorHealth generatorHiccups,
    /** Whether the generator started its users on schedule (null in older files). */
    Schedule schedule,
    /** The point-read ceiling ({@code --simulation point}), null otherwise. */
    PointCeiling point,
    /**
     * Per endpoint group, where the time went (its endpoints' breakdowns merged); empty without
     * the api's Server-Timing header, null in older files.
     */
    java.util.Map<String, Breakdown> breakdown,
    /** With {@code --mv-refresh}: the materialized view refreshed during the load, and its effect (null otherwise). */
    MvRefresh mvRefresh,
    /** The api's connection pool over the load, sampled from its /metrics each second (null when not sampled). */
    PoolHealth pool,
    /** The load injectors whose runs make this load (one entry for an injector's own run; null for an ordinary run). */
    List<Injector> injectors,
    /**
     * Per endpoint group, its endpoints together: requests, failures, percentiles of the merged
     * histograms and per-interval values (what the comparison tests a group on); null in older files.
     */
    List<Endpoint> groups) {

  /** A load without a point-read ceiling (every simulation but point). */
  public Load(String profile, String simulation, String targetUrl, double durationSeconds, double scheduledRps, double achievedRps,
      boolean rateKept, String rateNote, Endpoint total, List<Endpoint> endpoints, List<TimePoint> timeline, String gatlingReport,
      Integer gatlingExitCode, Double drainSeconds, List<Step> steps, GeneratorHealth generatorHiccups, Schedule schedule) {
    this(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, null, null, null, null, null, null);
  }

  public Load withPoint(PointCeiling p) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, p, breakdown, mvRefresh, pool, injectors, groups);
  }

  public Load withBreakdown(java.util.Map<String, Breakdown> b) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, point, b, mvRefresh, pool, injectors, groups);
  }

  public Load withEndpoints(Endpoint t, List<Endpoint> e) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, t, e, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, point, breakdown, mvRefresh, pool, injectors, groups);
  }

  public Load withGroups(List<Endpoint> g) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, point, breakdown, mvRefresh, pool, injectors, g);
  }

  public Load withPool(PoolHealth p) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, point, breakdown, mvRefresh, p, injectors, groups);
  }

  public Load withInjectors(List<Injector> i) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, point, breakdown, mvRefresh, pool, i, groups);
  }

  /** The same load with another schedule verdict (a merge combines the injectors' own with the whole's). */
  public Load withSchedule(boolean kept, String note, Schedule s) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, kept, note, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, s, point, breakdown, mvRefresh, pool, injectors, groups);
  }

  /**
   * One load injector of a distributed (or local multi-JVM) run: injector {@code index} of {@code
   * count}, each with 1/count of the scheduled rate.
   *
   * @param index 0-based (Kubernetes' JOB_COMPLETION_INDEX)
   * @param status "ok", or "missing" when its run was not found at the merge
   * @param host the machine it ran on
   * @param startAt the shared start instant it was given (ISO), null when none
   * @param startedAt when its recorded load actually started (ISO, its clock)
   * @param offsetSeconds its timeline's shift in the merge (whole seconds from the earliest start)
   * @param scheduleKept its own schedule check (its share of the rate, arrival gaps included)
   * @param pauseP99Ms its generator's pauses, p99
   * @param run its run directory (relative to the merged run's, when inside it)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Injector(int index, int count, String status, String host, String startAt, String startedAt, Integer offsetSeconds,
      Long requests, Long ko, Boolean scheduleKept, String scheduleNote, Double pauseP99Ms, Double pauseMaxMs, String run) {

    /** The same line with its run directory given otherwise (relative to the merged run's). */
    public Injector withRun(String r) {
      return new Injector(index, count, status, host, startAt, startedAt, offsetSeconds, requests, ko, scheduleKept, scheduleNote, pauseP99Ms,
          pauseMaxMs, r);
    }
  }

  /**
   * The api's HikariCP pool over the load, from its /metrics once a second.
   *
   * @param samples how many samples
   * @param max the pool's size
   * @param utilizationP50Pct active / max, median over the samples
   * @param pendingMax the most threads waiting for a connection at a sample
   * @param timeline per sample: second of the load timeline, active, idle, pending
   * @param acquires connections handed out over the samples' span, from HikariCP's own acquire timer
   *     ({@code hikaricp_connections_acquire_seconds}); null when the api has no such timer
   * @param acquireMeanMs the mean wait for a connection over those acquisitions, from the timer's
   *     sum and count: every wait counts, however short, unlike a once-a-second sample
   * @param acquireMaxMs the longest wait the timer reported at any sample (its decaying maximum)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PoolHealth(int samples, double max, double activeMean, double utilizationP50Pct, double utilizationP95Pct,
      double utilizationMaxPct, int pendingMax, List<Sample> timeline, Long acquires, Double acquireMeanMs, Double acquireMaxMs) {

    /** One sample. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sample(double t, double active, double idle, double pending) {}
  }

  public Load withMvRefresh(MvRefresh m) {
    return new Load(profile, simulation, targetUrl, durationSeconds, scheduledRps, achievedRps, rateKept, rateNote, total, endpoints, timeline,
        gatlingReport, gatlingExitCode, drainSeconds, steps, generatorHiccups, schedule, point, breakdown, m, pool, injectors, groups);
  }

  /**
   * The materialized view refreshed on a schedule during the load (as the report's cron does), and
   * what it did to the reads.
   *
   * @param everySeconds the schedule
   * @param refreshes how many ran within the load
   * @param refreshList each refresh: its start (s of the timeline), duration, error
   * @param during the aggregation group in the seconds a refresh ran (null when none)
   * @param outside the aggregation group in the other seconds
   * @param p95ChangePct during against outside
   * @param pValue Mann-Whitney U over the per-second p95s of the two sets of seconds
   * @param stalenessP50Seconds the view's age when it was read (since its last refresh), weighted by reads
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record MvRefresh(long everySeconds, int refreshes, double durationMeanMs, double durationMaxMs, List<Span> refreshList,
      Window during, Window outside, Double p95ChangePct, Double pValue, Double stalenessP50Seconds, Double stalenessP95Seconds,
      Double stalenessMaxSeconds, String note) {

    /** One refresh. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Span(double startS, double durationMs, String error) {}

    /** The aggregation group's successful reads in a set of seconds (whole ms). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Window(int seconds, long requests, double p50Ms, double p95Ms, double p99Ms) {}
  }

  /**
   * The api's point-read throughput against the database's own for the same SQL at the same
   * concurrency, measured in the same run on the same server.
   *
   * @param connections requests (and database connections) in flight at once
   * @param apiRps successful point reads per second through the api
   * @param dbRps executions per second of the same SQL straight on the database
   * @param dbMethod how the database's rate was measured: "pgbench -M prepared" or "JDBC loop"
   * @param ratio apiRps / dbRps (the p3 figure)
   * @param apiCpuMsPerRequest CPU time of the api's JVM per request, or null when not known (an
   *     external api)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PointCeiling(int connections, double apiRps, double dbRps, String dbMethod, double ratio, Double apiCpuMsPerRequest,
      double apiP50Ms, double apiP99Ms, String note) {}

  /**
   * One step of the capacity sweep: the read rate held, and what the stack did at it; each response
   * counts in the step in which its user arrived.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Step(
      double usersPerSec, long requests, long ko, double okRps, double p50Ms, double p95Ms, double p99Ms, double maxMs) {}


  /**
   * The endpoints by group: the groups of {@link Endpoint#GROUPS} in that order, then any other
   * group as met ("ungrouped" for endpoints without one). Empty when there are no endpoints.
   */
  public java.util.Map<String, List<Endpoint>> endpointsByGroup() {
    java.util.Map<String, List<Endpoint>> m = new java.util.LinkedHashMap<>();
    List<Endpoint> all = endpoints == null ? List.of() : endpoints;
    for (String g : Endpoint.GROUPS) {
      all.stream().filter(e -> g.equals(e.group())).forEach(e -> m.computeIfAbsent(g, k -> new java.util.ArrayList<>()).add(e));
    }
    for (Endpoint e : all) {
      String g = e.group() == null ? "ungrouped" : e.group();
      if (!Endpoint.GROUPS.contains(g)) {
        m.computeIfAbsent(g, k -> new java.util.ArrayList<>()).add(e);
      }
    }
    return m;
  }
}
