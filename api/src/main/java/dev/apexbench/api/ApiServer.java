package dev.apexbench.api;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.xnio.Options;

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
    Router r = new Router();
    route(r, "GET", "/health", ex -> db.healthy()
        ? Endpoint.Answer.ok(Json.MAPPER.createObjectNode().put("status", "ok").put("database", "up"))
        : new Endpoint.Answer(503, null, Json.MAPPER.createObjectNode().put("status", "unavailable").put("database", "down")), metrics);
    route(r, "GET", "/metrics", ex -> Endpoint.Answer.text(metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8"), metrics);
    route(r, "GET", "/dataset", read::dataset, metrics);
    route(r, "GET", "/projects", read::projectsByStatus, metrics);
    route(r, "GET", "/projects/by-sha/{sha}", read::bySha, metrics);
    route(r, "GET", "/projects/by-etag/{etag}", read::byEtag, metrics);
    route(r, "GET", "/projects/{id}", read::project, metrics);
    route(r, "GET", "/projects/{id}/payloads", read::payloads, metrics);
    route(r, "GET", "/projects/{id}/header", read::header, metrics);
    route(r, "GET", "/accounts/{id}/projects", read::tenantProjects, metrics);
    route(r, "GET", "/accounts/{id}/dashboard", read::dashboard, metrics);
    route(r, "GET", "/accounts/{id}/stats", read::stats, metrics);
    route(r, "GET", "/accounts/{id}/activity", read::activity, metrics);
    route(r, "GET", "/payloads/search", read::search, metrics);
    route(r, "POST", "/projects", write::create, metrics);
    route(r, "PUT", "/projects/{id}", write::update, metrics);
    route(r, "DELETE", "/projects/{id}", write::delete, metrics);
    GracefulShutdownHandler graceful = Handlers.gracefulShutdown(new ApiHandler(r));
    Undertow u =
        Undertow.builder()
            .addHttpListener(settings.port(), settings.host())
            .setIoThreads(2)
            .setWorkerThreads(settings.workerThreads())
            // the api decodes paths and queries itself, strictly, and answers a bad encoding with its JSON 400
            .setServerOption(UndertowOptions.DECODE_URL, false)
            .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
            // limits the api checks itself (with JSON answers) sit below the server's hard caps
            .setServerOption(UndertowOptions.MAX_HEADERS, 1000)
            .setServerOption(UndertowOptions.MAX_PARAMETERS, 10_000)
            // a hard cap well above the api's own 1 MiB, so that the api's limit answers first (a JSON 413),
            // chunked bodies included: past this cap Undertow drops the connection without an answer
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 16L << 20)
            // slow or idle clients cost a connection, never a worker, and not for long
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, settings.parseTimeoutMs())
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, settings.idleTimeoutMs())
            .setSocketOption(Options.READ_TIMEOUT, settings.readTimeoutMs())
            .setSocketOption(Options.WRITE_TIMEOUT, settings.readTimeoutMs())
            .setSocketOption(Options.CONNECTION_HIGH_WATER, settings.maxConnections())
            .setSocketOption(Options.CONNECTION_LOW_WATER, settings.maxConnections())
            .setSocketOption(Options.BACKLOG, 1024)
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

  private static void route(Router r, String method, String template, Endpoint.Body body, Metrics metrics) {
    r.add(method, template, new Endpoint(method, template, body, metrics, method.equals("POST") || method.equals("PUT")));
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
