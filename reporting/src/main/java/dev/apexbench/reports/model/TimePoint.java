package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One second of the load phase (all endpoints): requests and failures completed in it, latency of
 * its successful responses, and the load generator's longest pause and longest gap between user
 * arrivals in it (null in files written before they existed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TimePoint(
    double tSeconds, long requests, long ko, double scheduledRps, double p50Ms, double p99Ms, double maxMs,
    Double maxPauseMs, Double maxArrivalGapMs) {}
