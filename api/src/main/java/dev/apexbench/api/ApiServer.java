package dev.apexbench.api;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The system under test: Undertow (non-blocking IO threads, handlers dispatched to a worker pool
 * because JDBC blocks) over a HikariCP pool, serving the query catalog. Binds 127.0.0.1 unless
 * told otherwise; shuts down gracefully (requests in flight finish, new ones get 503).
 */
public final class ApiServer implements AutoCloseable {
  private final Undertow undertow;
  private final GracefulShutdownHandler graceful;
  private final Database db;
  private final Metrics metrics;
  private final ApiSettings settings;

  private ApiServer(Undertow undertow, GracefulShutdownHandler graceful, Database db, Metrics metrics, ApiSettings settings) {
    this.undertow = undertow;
    this.graceful = graceful;
    this.db = db;
    this.metrics = metrics;
    this.settings = settings;
  }

  public static ApiServer start(String jdbcUrl, Properties connection, ApiSettings settings) {
    settings.validate();
    Metrics metrics = new Metrics();
    Database db = new Database(jdbcUrl, connection, settings, metrics.registry);
    ReadRoutes read = new ReadRoutes(db);
    WriteRoutes write = new WriteRoutes(db);
    // path parameters stay out of the query parameters, so ?id= cannot override /projects/{id}
    RoutingHandler r = Handlers.routing(false);
    route(r, "GET", "/health", ex -> db.healthy()
        ? Endpoint.Answer.ok(Json.MAPPER.createObjectNode().put("status", "ok").put("database", "up"))
        : new Endpoint.Answer(503, null, Json.MAPPER.createObjectNode().put("status", "unavailable").put("database", "down")), metrics);
    r.get("/metrics", ex -> {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      ex.getResponseSender().send(metrics.scrape(), StandardCharsets.UTF_8);
    });
    route(r, "GET", "/dataset", read::dataset, metrics);
    route(r, "GET", "/projects", read::projectsByStatus, metrics);
    route(r, "GET", "/projects/by-sha/{sha}", read::bySha, metrics);
    route(r, "GET", "/projects/by-etag/{etag}", read::byEtag, metrics);
    route(r, "GET", "/projects/{id}", read::project, metrics);
    route(r, "GET", "/projects/{id}/payloads", read::payloads, metrics);
    route(r, "GET", "/accounts/{id}/projects", read::tenantProjects, metrics);
    route(r, "GET", "/accounts/{id}/dashboard", read::dashboard, metrics);
    route(r, "GET", "/accounts/{id}/stats", read::stats, metrics);
    route(r, "GET", "/accounts/{id}/activity", read::activity, metrics);
    route(r, "GET", "/payloads/search", read::search, metrics);
    route(r, "POST", "/projects", write::create, metrics);
    route(r, "PUT", "/projects/{id}", write::update, metrics);
    route(r, "DELETE", "/projects/{id}", write::delete, metrics);
    r.setFallbackHandler(ex -> Endpoint.send(ex, new Endpoint.Answer(404, null,
        Endpoint.error("not_found", null, "no route " + ex.getRequestMethod() + " " + ex.getRequestPath()))));
    r.setInvalidMethodHandler(ex -> Endpoint.send(ex, new Endpoint.Answer(405, null,
        Endpoint.error("method_not_allowed", null, ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()))));
    GracefulShutdownHandler graceful = Handlers.gracefulShutdown(r);
    Undertow u =
        Undertow.builder()
            .addHttpListener(settings.port(), settings.host())
            .setIoThreads(2)
            .setWorkerThreads(settings.workerThreads())
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 2L << 20)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
            .setHandler(graceful)
            .build();
    try {
      u.start();
    } catch (RuntimeException e) {
      db.close();
      metrics.close();
      throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    return new ApiServer(u, graceful, db, metrics, settings);
  }

  private static void route(RoutingHandler r, String method, String template, Endpoint.Body body, Metrics metrics) {
    HttpHandler h = new Endpoint(template, body, metrics);
    r.add(method, template, h);
  }

  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  public String baseUrl() {
    return "http://" + settings.host() + ":" + port();
  }

  @Override
  public void close() {
    graceful.shutdown();
    try {
      graceful.awaitShutdown(settings.shutdownGraceMs());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    db.close();
    metrics.close();
  }
}
