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
    Iterations iterations,
    /**
     * The server's own execution time over the JMH window, beside JMH's mean (null without
     * pg_stat_statements, and in files written before it existed).
     */
    ServerTime server,
    /**
     * The work the server did per execution over the JMH window (pg_stat_statements; null without
     * it, and in files written before it existed).
     */
    Work work) {

  /** A result without the work counters. */
  public QueryResult(String name, String queryClass, String description, String sql, String intendedIndex, String indexNote,
      Integer threads, Long samples, Double meanMs, Double p50Ms, Double p90Ms, Double p95Ms, Double p99Ms, Double p999Ms,
      Double maxMs, Double meanErrorMs, Double ciLowMs, Double ciHighMs, String histogramNs, Plan plan, Iterations iterations,
      ServerTime server) {
    this(name, queryClass, description, sql, intendedIndex, indexNote, threads, samples, meanMs, p50Ms, p90Ms, p95Ms, p99Ms, p999Ms,
        maxMs, meanErrorMs, ciLowMs, ciHighMs, histogramNs, plan, iterations, server, null);
  }

  /** A result without the server's side. */
  public QueryResult(String name, String queryClass, String description, String sql, String intendedIndex, String indexNote,
      Integer threads, Long samples, Double meanMs, Double p50Ms, Double p90Ms, Double p95Ms, Double p99Ms, Double p999Ms,
      Double maxMs, Double meanErrorMs, Double ciLowMs, Double ciHighMs, String histogramNs, Plan plan, Iterations iterations) {
    this(name, queryClass, description, sql, intendedIndex, indexNote, threads, samples, meanMs, p50Ms, p90Ms, p95Ms, p99Ms, p999Ms,
        maxMs, meanErrorMs, ciLowMs, ciHighMs, histogramNs, plan, iterations, null);
  }

  public QueryResult withPlan(Plan p) {
    return new QueryResult(name, queryClass, description, sql, intendedIndex, indexNote, threads, samples, meanMs,
        p50Ms, p90Ms, p95Ms, p99Ms, p999Ms, maxMs, meanErrorMs, ciLowMs, ciHighMs, histogramNs, p, iterations, server, work);
  }

  public QueryResult withServer(ServerTime s) {
    return new QueryResult(name, queryClass, description, sql, intendedIndex, indexNote, threads, samples, meanMs,
        p50Ms, p90Ms, p95Ms, p99Ms, p999Ms, maxMs, meanErrorMs, ciLowMs, ciHighMs, histogramNs, plan, iterations, s, work);
  }

  public QueryResult withWork(Work w) {
    return new QueryResult(name, queryClass, description, sql, intendedIndex, indexNote, threads, samples, meanMs,
        p50Ms, p90Ms, p95Ms, p99Ms, p999Ms, maxMs, meanErrorMs, ciLowMs, ciHighMs, histogramNs, plan, iterations, server, w);
  }

  /**
   * What the server did per execution of the query over the JMH window, from pg_stat_statements
   * (deltas over the window divided by its calls; warm-up iterations included). Unlike time, these
   * do not depend on how busy the machine is: on one dataset they move only when the plan, the
   * data or the parameter mix moves.
   *
   * @param calls executions in the window
   * @param blocksPerCall shared blocks hit or read per execution (the sum does not depend on what
   *     the cache held; the split does)
   * @param tempBlocksPerCall temp blocks read and written per execution (sorts and hashes that
   *     spilled)
   * @param walBytesPerCall WAL bytes written per execution (0 for reads)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Work(long calls, double blocksPerCall, double sharedHitPerCall, double sharedReadPerCall, double rowsPerCall,
      double tempBlocksPerCall, double walBytesPerCall) {}

  /**
   * Server against client for one query: PostgreSQL's own execution time (pg_stat_statements'
   * {@code total_exec_time} over the JMH window, warm-up iterations included) against JMH's mean
   * at the client. The difference is the client's: the protocol round trip, planning (not in
   * exec time), JDBC binding and decoding of the rows.
   *
   * @param calls executions in the window
   * @param meanMs the server's mean execution time
   * @param stddevMs its standard deviation over the window
   * @param rowsPerCall rows returned per execution
   * @param clientMs JMH's mean minus the server's mean
   * @param clientShare clientMs over JMH's mean
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ServerTime(long calls, double meanMs, double stddevMs, double rowsPerCall, double clientMs, double clientShare) {}
}
