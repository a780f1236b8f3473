package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Response times of every request of an endpoint, failed ones included (a request that got no
 * answer is timed until it failed), in whole milliseconds.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatencySummary(long requests, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs, String histogramNs) {}
