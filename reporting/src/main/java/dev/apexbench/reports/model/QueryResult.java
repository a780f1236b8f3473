package dev.apexbench.reports.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One catalog query: JMH latency (SampleTime) and its plan. Latencies in milliseconds.
 *
 * @param queryClass simple, composite, aggregation or jsonb (baseline for the harness baseline)
 * @param intendedIndex the index the query is meant to use, "materialized view", or null where
 *     the schema has none that can serve it (see indexNote)
 * @param samples JMH samples (sampled invocations)
 * @param meanErrorMs half-width of the 99.9 % confidence interval of the mean, from the spread of
 *     the iteration means (Student's t over iterations, not over samples), or null
 * @param histogramNs HdrHistogram (V2, compressed, base64) of the samples in nanoseconds
 * @param plan the plan from {@code bench explain}, or null if explain did not run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueryResult(
    String name,
    @JsonProperty("class") String queryClass,
    String description,
    String sql,
    String intendedIndex,
    String indexNote,
    Integer threads,
    Long samples,
    Double meanMs,
    Double p50Ms,
    Double p90Ms,
    Double p95Ms,
    Double p99Ms,
    Double p999Ms,
    Double maxMs,
    Double meanErrorMs,
    Double ciLowMs,
    Double ciHighMs,
    String histogramNs,
    Plan plan,
    /** Per JMH iteration (null when not measured, and in files written before it existed). */
    Iterations iterations) {

  public QueryResult withPlan(Plan p) {
    return new QueryResult(name, queryClass, description, sql, intendedIndex, indexNote, threads, samples, meanMs,
        p50Ms, p90Ms, p95Ms, p99Ms, p999Ms, maxMs, meanErrorMs, ciLowMs, ciHighMs, histogramNs, p, iterations);
  }
}
