package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The HTTP load phase (Gatling, open workload model), recorded by the harness's own HdrHistogram
 * recorder, not from Gatling's internal files.
 *
 * @param scheduledRps the arrival rate the injection profile asked for (mean over the run)
 * @param rateKept false when the generator could not keep the scheduled rate (see rateNote)
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
    Integer gatlingExitCode) {}
