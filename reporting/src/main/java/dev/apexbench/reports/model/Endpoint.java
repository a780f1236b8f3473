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
    Breakdown breakdown) {

  /** An endpoint without a breakdown. */
  public Endpoint(String name, String group, long requests, long ko, double rps, double meanMs, double p50Ms, double p95Ms, double p99Ms,
      double maxMs, String histogramNs, java.util.Map<String, Long> koByStatus, LatencySummary allRequests, Intervals intervals) {
    this(name, group, requests, ko, rps, meanMs, p50Ms, p95Ms, p99Ms, maxMs, histogramNs, koByStatus, allRequests, intervals, null);
  }

  public Endpoint withBreakdown(Breakdown b) {
    return new Endpoint(name, group, requests, ko, rps, meanMs, p50Ms, p95Ms, p99Ms, maxMs, histogramNs, koByStatus, allRequests, intervals, b);
  }

  /** The endpoint groups the load targets are written for, in report order. */
  public static final java.util.List<String> GROUPS = java.util.List.of("simple", "composite", "aggregation", "jsonb", "write");
}
