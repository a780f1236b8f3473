package dev.apexbench.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The api's own count of the statements each request ran, so that the harness can divide the
 * server's work over a load window (pg_stat_statements) among the endpoints that caused it: {@code
 * apex_api_statements_total{request,statement}} and {@code apex_api_work_requests_total{request}}.
 * A request is labelled by its {@value #HEADER} header (the load generator sends its request name)
 * or else by its method and route; at most {@value #MAX_LABELS} labels are kept (a client cannot
 * grow the metrics without bound), later ones count as "other".
 */
final class StatementCounts {
  static final String HEADER = "X-Apex-Request";
  static final int MAX_LABELS = 200;
  /** The request on this thread: its label and the counts it adds to. */
  private record Current(String label, StatementCounts counts) {}

  private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

  private final MeterRegistry registry;
  /** Request name to statement to its counter: two lookups per statement, no key built on the hot path. */
  private final Map<String, Map<String, Counter>> statements = new ConcurrentHashMap<>();
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();

  StatementCounts(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts counting for a request on this thread; returns its label. */
  String begin(String header, String route) {
    String label = header == null || header.isBlank() || header.length() > 120 ? route : header;
    if (!requests.containsKey(label) && requests.size() >= MAX_LABELS) {
      label = "other";
    }
    requests.computeIfAbsent(label, l -> Counter.builder("apex.api.work.requests").tag("request", l)
        .description("requests the api counted statements for, by request name").register(registry)).increment();
    CURRENT.set(new Current(label, this));
    return label;
  }

  static void end() {
    CURRENT.remove();
  }

  /** One execution of a named statement by the request on this thread (none: not counted). */
  static void count(String statement) {
    Current c = CURRENT.get();
    if (c != null) {
      c.counts.add(c.label, statement);
    }
  }

  private void add(String label, String statement) {
    statements.computeIfAbsent(label, l -> new ConcurrentHashMap<>()).computeIfAbsent(statement, st -> Counter.builder("apex.api.statements")
        .tag("request", label).tag("statement", st).description("statements executed, by request name and statement").register(registry))
        .increment();
  }
}
