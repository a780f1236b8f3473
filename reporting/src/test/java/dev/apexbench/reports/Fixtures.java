package dev.apexbench.reports;

import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.DbInfo;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.Plan;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/** Small builders for test data; every value is explicit at the call site. */
public final class Fixtures {

  private Fixtures() {}

  /** The stored, realistic results file (queries with plans, load with timeline, db windows, comparison). */
  public static Path sample() {
    try {
      return Path.of(Fixtures.class.getResource("sample-results.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Results sampleResults() {
    return ResultsIO.read(sample());
  }

  public static RunInfo run(String profile, int scale, List<Phase> phases, Map<String, String> settings) {
    return new RunInfo("run-" + profile, "run", "2026-11-27T14:15:30Z", "2026-11-27T14:20:00Z", profile,
        BigDecimal.valueOf(scale), 42, "iteration3", "6", "abc123", false, Map.of(), null,
        new DbInfo("embedded", null, "PostgreSQL 18.1", "18.1", settings, true), Map.of(), phases, null);
  }

  public static Results results(RunInfo run, List<QueryResult> queries, Load load, Database db) {
    return new Results(Results.SCHEMA_VERSION, run, new Datagen(10000, 10000, 30000, 1, 1, "fp-1", false), queries,
        null, load, db, null, null, null);
  }

  public static Results results(List<QueryResult> queries, Load load, Database db) {
    return results(run("quick", 1, List.of(new Phase("jmh", Phase.OK, 1, null)), Map.of("shared_buffers", "256MB")),
        queries, load, db);
  }

  /** A measured query: p50 = p95 = p99 = {@code p95}, mean as given. */
  public static QueryResult query(String name, String cls, double p95, double mean) {
    return new QueryResult(name, cls, null, "SELECT 1", null, null, 1, 1000L, mean, p95, p95, p95, p95, p95, p95,
        null, null, null, null, null, null);
  }

  /** A query that was only explained: a plan, no latencies. */
  public static QueryResult explained(String name, String cls, String intended, Plan plan) {
    return new QueryResult(name, cls, null, "SELECT 1", intended, intended == null ? "no index can serve it" : null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, plan, null);
  }

  public static Plan plan(String intended, Boolean uses, List<String> indexes) {
    return new Plan(List.of(indexes.isEmpty() ? "Seq Scan" : "Index Scan"), indexes, List.of("projects"), intended, uses,
        intended != null && Boolean.FALSE.equals(uses), 1, 1, 0, 0.1, 0.2, false, List.of(), null, null);
  }

  public static Endpoint endpoint(String name, String group, long requests, long ko, double p95, String histogramNs) {
    return new Endpoint(name, group, requests, ko, requests / 60.0, p95 / 2, p95 / 2, p95, p95, p95, histogramNs, java.util.Map.of(), null, null);
  }

  public static Load load(double scheduledRps, double achievedRps, List<Endpoint> endpoints) {
    long req = endpoints.stream().mapToLong(Endpoint::requests).sum();
    long ko = endpoints.stream().mapToLong(Endpoint::ko).sum();
    Endpoint total = new Endpoint("total", null, req, ko, achievedRps, 1, 1, 1, 1, 1, null, java.util.Map.of(), null, null);
    return new Load("quick", "Sim", "http://localhost", 60, scheduledRps, achievedRps, true, null, total, endpoints,
        List.of(), null, 0, 0.0, List.of(), null, null);
  }

  /** A histogram (ns) of {@code n} log-normal latencies around {@code medianMs}, from a fixed seed. */
  public static Histogram lognormal(double medianMs, double sigma, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Histogram h = new Histogram(3_600_000_000_000L, 3);
    for (int i = 0; i < n; i++) {
      double gaussian = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
      h.recordValue(Math.max(1, (long) (medianMs * Math.exp(sigma * gaussian) * 1e6)));
    }
    return h;
  }

  /** A histogram (ns) with {@code n} copies of one value. */
  public static Histogram constant(double ms, int n) {
    Histogram h = new Histogram(3_600_000_000_000L, 3);
    h.recordValueWithCount((long) (ms * 1e6), n);
    return h;
  }
}
