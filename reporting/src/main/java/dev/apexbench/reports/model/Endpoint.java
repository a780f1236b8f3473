package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Response times of one endpoint (or all of them: name "total"), in whole milliseconds (the
 * recording's resolution). The percentiles, mean and histogram are of successful requests;
 * {@code allRequests} has every request, failures included.
 *
 * @param group the endpoint group the load targets are written for: simple, composite,
 *     aggregation, jsonb, write
 * @param ko requests that failed (an expected 412 on a deliberate stale update is not a ko)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Endpoint(
    String name,
    String group,
    long requests,
    long ko,
    double rps,
    double meanMs,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    double maxMs,
    String histogramNs,
    /** Failed requests by what came back: an HTTP status ("503") or "no response". */
    java.util.Map<String, Long> koByStatus,
    /** Every request, failed ones included (null in files written before it existed). */
    LatencySummary allRequests,
    /** Per interval of the load, for comparisons (null for the total and in older files). */
    Intervals intervals,
    /** Where the time went, from the api's Server-Timing header (null without it and in older files). */
    Breakdown breakdown,
    /** What its requests cost the server over the load window (null without pg_stat_statements and in older files). */
    Work work) {

  /** An endpoint without work counters. */
  public Endpoint(String name, String group, long requests, long ko, double rps, double meanMs, double p50Ms, double p95Ms, double p99Ms,
      double maxMs, String histogramNs, java.util.Map<String, Long> koByStatus, LatencySummary allRequests, Intervals intervals,
      Breakdown breakdown) {
    this(name, group, requests, ko, rps, meanMs, p50Ms, p95Ms, p99Ms, maxMs, histogramNs, koByStatus, allRequests, intervals, breakdown,
        null);
  }

  /** An endpoint without a breakdown. */
  public Endpoint(String name, String group, long requests, long ko, double rps, double meanMs, double p50Ms, double p95Ms, double p99Ms,
      double maxMs, String histogramNs, java.util.Map<String, Long> koByStatus, LatencySummary allRequests, Intervals intervals) {
    this(name, group, requests, ko, rps, meanMs, p50Ms, p95Ms, p99Ms, maxMs, histogramNs, koByStatus, allRequests, intervals, null, null);
  }

  public Endpoint withBreakdown(Breakdown b) {
    return new Endpoint(name, group, requests, ko, rps, meanMs, p50Ms, p95Ms, p99Ms, maxMs, histogramNs, koByStatus, allRequests, intervals, b, work);
  }

  public Endpoint withWork(Work w) {
    return new Endpoint(name, group, requests, ko, rps, meanMs, p50Ms, p95Ms, p99Ms, maxMs, histogramNs, koByStatus, allRequests, intervals,
        breakdown, w);
  }

  /**
   * What the endpoint's requests cost the server over the load window, from pg_stat_statements: each
   * of the api's statements' calls and shared blocks over the window, attributed to the routes in
   * proportion to the api's own count of that statement's executions per route, divided by the
   * route's requests at the api. Unlike time, these do not depend on how busy the machine is.
   *
   * @param requests requests the api answered on the route over the window (its own count)
   * @param statementsPerRequest statements executed per request
   * @param blocksPerRequest shared blocks hit or read per request (null when pg_stat_statements saw
   *     none of its statements: not installed, or their text not found)
   * @param walBytesPerRequest WAL bytes written per request (null likewise)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Work(long requests, double statementsPerRequest, Double blocksPerRequest, Double walBytesPerRequest) {}

  /** The endpoint groups the load targets are written for, in report order. */
  public static final java.util.List<String> GROUPS = java.util.List.of("simple", "composite", "aggregation", "jsonb", "write");
}
