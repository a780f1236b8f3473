package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One second of the load phase (all endpoints). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TimePoint(double tSeconds, long requests, long ko, double scheduledRps, double p50Ms, double p99Ms, double maxMs) {}
