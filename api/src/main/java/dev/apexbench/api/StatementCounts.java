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

  /** One request name: its request counter and its statements' counters, made once and reused by every request of that name. */
  private final class Label {
    final String name;
    final Counter requests;
    final Map<String, Counter> statements = new ConcurrentHashMap<>();

    Label(String name) {
      this.name = name;
      this.requests = Counter.builder("apex.api.work.requests").tag("request", name)
          .description("requests the api counted statements for, by request name").register(registry);
    }

    void count(String statement) {
      statements.computeIfAbsent(statement, st -> Counter.builder("apex.api.statements").tag("request", name).tag("statement", st)
          .description("statements executed, by request name and statement").register(registry)).increment();
    }
  }

  /** The request on this thread: the label its statements count under. */
  private static final ThreadLocal<Label> CURRENT = new ThreadLocal<>();

  private final MeterRegistry registry;
  private final Map<String, Label> labels = new ConcurrentHashMap<>();

  StatementCounts(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Starts counting for a request on this thread, under its header or else {@code route} (the route's
   * own "METHOD /template", built once per route, not per request).
   */
  void begin(String header, String route) {
    String name = header == null || header.isBlank() || header.length() > 120 ? route : header;
    Label label = labels.get(name);
    if (label == null) {
      label = labels.size() >= MAX_LABELS ? labels.computeIfAbsent("other", Label::new) : labels.computeIfAbsent(name, Label::new);
    }
    label.requests.increment();
    CURRENT.set(label);
  }

  static void end() {
    CURRENT.remove();
  }

  /** One execution of a named statement by the request on this thread (none: not counted). */
  static void count(String statement) {
    Label label = CURRENT.get();
    if (label != null) {
      label.count(statement);
    }
  }
}
