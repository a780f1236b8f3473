package dev.apexbench.reports.compare;

import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.Map;

/**
 * One thing compared between runs: a catalog query (by name) or a load endpoint ({@code load
 * <name>}), with its histogram and its recorded p50/p95 for when the histogram is missing.
 */
record Subject(String name, String histogramNs, Double p50Ms, Double p95Ms, double resolutionMs) {

  /** Load endpoints are recorded by Gatling in whole milliseconds; JMH samples are far finer. */
  static final double LOAD_RESOLUTION_MS = 1.0;

  static Map<String, Subject> all(Results r) {
    Map<String, Subject> out = Comparator.ordered();
    if (r.queries() != null) {
      for (QueryResult q : r.queries()) {
        if (q.histogramNs() != null || q.p50Ms() != null) {
          out.put(q.name(), new Subject(q.name(), q.histogramNs(), q.p50Ms(), q.p95Ms(), 0));
        }
      }
    }
    if (r.load() != null && r.load().endpoints() != null) {
      for (Endpoint e : r.load().endpoints()) {
        if (e.requests() > 0) {
          String name = "load " + e.name();
          out.put(name, new Subject(name, e.histogramNs(), e.p50Ms(), e.p95Ms(), LOAD_RESOLUTION_MS));
        }
      }
    }
    return out;
  }
}
