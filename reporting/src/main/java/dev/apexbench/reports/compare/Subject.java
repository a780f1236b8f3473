package dev.apexbench.reports.compare;

import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Intervals;
import dev.apexbench.reports.model.Iterations;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.List;
import java.util.Map;

/**
 * One thing compared between runs: a catalog query (by name) or a load endpoint ({@code load
 * <name>}), with its whole-run p50/p95 as recorded and its per-unit values (JMH iterations or load
 * intervals), the values the test compares.
 *
 * @param resolutionMs the recording's resolution: 0 for JMH (sub-microsecond), 1 ms for the load
 *     (Gatling records whole milliseconds)
 * @param unit what one unit is, for people ("JMH iteration", "5 s interval"), or null when the run
 *     recorded none (files written before per-unit values existed)
 */
record Subject(String name, Double p50Ms, Double p95Ms, double resolutionMs, String unit, double[] p50Units, double[] p95Units, long requests,
    long ko) {

  /** Load endpoints are recorded by Gatling in whole milliseconds; JMH samples are far finer. */
  static final double LOAD_RESOLUTION_MS = 1.0;

  static Map<String, Subject> all(Results r) {
    Map<String, Subject> out = Comparator.ordered();
    if (r.queries() != null) {
      for (QueryResult q : r.queries()) {
        if (q.p50Ms() != null || q.p95Ms() != null) {
          Iterations it = q.iterations();
          boolean units = it != null && it.p50Ms() != null && it.p95Ms() != null && !it.p50Ms().isEmpty();
          out.put(q.name(), new Subject(q.name(), q.p50Ms(), q.p95Ms(), 0, units ? "JMH iteration" : null,
              units ? array(it.p50Ms()) : null, units ? array(it.p95Ms()) : null, 0, 0));
        }
      }
    }
    if (r.load() != null && r.load().endpoints() != null) {
      List<Endpoint> all = new java.util.ArrayList<>(r.load().endpoints());
      if (r.load().groups() != null) {
        all.addAll(r.load().groups()); // each group on its own: the targets are per group
      }
      if (r.load().total() != null) { // also when every request failed (no per-interval values): its error rate is compared
        all.add(r.load().total());
      }
      for (Endpoint e : all) {
        if (e.requests() > 0) {
          String name = "load " + e.name();
          Intervals iv = e.intervals();
          boolean units = iv != null && iv.p50Ms() != null && !iv.p50Ms().isEmpty();
          boolean anyOk = e.requests() > e.ko();
          out.put(name, new Subject(name, anyOk ? e.p50Ms() : null, anyOk ? e.p95Ms() : null, LOAD_RESOLUTION_MS,
              units ? iv.seconds() + " s interval" : null, units ? array(iv.p50Ms()) : null, units ? array(iv.p95Ms()) : null, e.requests(),
              e.ko()));
        }
      }
    }
    return out;
  }

  /** Whether it is a load endpoint (with requests and failures to compare), not a query. */
  boolean load() {
    return resolutionMs > 0;
  }

  /** Failed requests over requests, %. */
  double errorRatePct() {
    return requests == 0 ? 0 : 100.0 * ko / requests;
  }

  double[] units(String metric) {
    return "p50_ms".equals(metric) ? p50Units : p95Units;
  }

  Double value(String metric) {
    return "p50_ms".equals(metric) ? p50Ms : p95Ms;
  }

  private static double[] array(List<Double> values) {
    return values.stream().filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
  }
}
