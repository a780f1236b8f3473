package dev.apexbench.api;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /metrics} exposes in Prometheus text format: {@code
 * http_server_requests_seconds} histograms per route (buckets at the report's targets), the
 * HikariCP pool ({@code hikaricp_connections_active/idle/pending}, {@code
 * hikaricp_connections_acquire_seconds}), and JVM basics.
 */
final class Metrics implements AutoCloseable {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  /** Statements per request, by request name and statement. */
  final StatementCounts statements = new StatementCounts(registry);

  Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  Timer timer(String route, String method, int status) {
    return timers.computeIfAbsent(
        method + " " + route + " " + status,
        k ->
            Timer.builder("http.server.requests")
                .description("api request latency, measured from the handler's start")
                .tag("route", route)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(ms(1), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500))
                .minimumExpectedValue(ms(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
  }

  /** The Server-Timing phases of one route, as timers {@code http_server_phase_seconds{route,phase}}. */
  final class Phases {
    private final Timer queue;
    private final Timer pool;
    private final Timer db;
    private final Timer encode;
    private final Timer total;

    Phases(String route) {
      queue = phase(route, "queue");
      pool = phase(route, "pool");
      db = phase(route, "db");
      encode = phase(route, "encode");
      total = phase(route, "total");
    }

    void record(Timing t, long endNanos) {
      java.util.concurrent.TimeUnit ns = java.util.concurrent.TimeUnit.NANOSECONDS;
      queue.record(t.queueNanos(), ns);
      pool.record(t.poolNanos, ns);
      db.record(t.dbNanos, ns);
      encode.record(t.encodeNanos, ns);
      total.record(Math.max(0, endNanos - t.acceptedNanos), ns);
    }
  }

  private final Map<String, Phases> phases = new ConcurrentHashMap<>();

  Phases phases(String route) {
    return phases.computeIfAbsent(route, Phases::new);
  }

  private Timer phase(String route, String phase) {
    return Timer.builder("http.server.phase")
        .description("where an api request's time went (the Server-Timing phases): queue, pool, db, encode, total")
        .tag("route", route)
        .tag("phase", phase)
        .serviceLevelObjectives(us(100), us(250), us(500), ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(1000))
        .minimumExpectedValue(us(10))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private static Duration us(long n) {
    return Duration.ofNanos(n * 1_000);
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
