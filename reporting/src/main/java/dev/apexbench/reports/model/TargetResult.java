package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One target checked against a run.
 *
 * @param kind query (a latency target applied to one query), database, load, plan (a plan check)
 *     or regression (from a baseline comparison)
 * @param subject what was measured: a query name, an endpoint group, "database", ...
 * @param metric the statistic judged, with its unit: p95_ms, p99_ms, mean_ms, index_hit_rate,
 *     error_rate, rps, uses_intended_index
 * @param op "<", "<=", ">" or ">="
 * @param actual null when the run did not measure it (then pass is false and detail says why),
 *     or when there was nothing to measure (a plan check of a query with no intended index:
 *     pass is true and detail says so)
 * @param meanMs the mean beside the judged percentile (the report quoted means), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TargetResult(
    String name,
    String kind,
    String subject,
    String metric,
    String op,
    double limit,
    Double actual,
    Double meanMs,
    String unit,
    boolean pass,
    String detail) {}
