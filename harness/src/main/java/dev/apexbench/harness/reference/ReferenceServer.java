package dev.apexbench.harness.reference;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The reference server ({@link ReferenceSettings}): it answers the api's contract routes that the
 * load drives (reads 200; the write journey's create 201, update 200, stale update 412, delete 204,
 * with ETags), {@code /health}, {@code /dataset}, and {@code /metrics} in the names the harness reads
 * from the api (HikariCP's gauges and acquire timer, for its permits). Every answer carries a {@code
 * Server-Timing} header with its queue (waiting for a worker), pool (waiting for a permit) and db
 * (service) phases, as the api's do. It serves on 127.0.0.1 only. It is not the api: no database,
 * no JSON bodies beyond what the load's checks read.
 */
public final class ReferenceServer implements AutoCloseable {
  private static final HttpString SERVER_TIMING = new HttpString("Server-Timing");
  private static final HttpString ETAG = new HttpString("ETag");
  private static final HttpString IF_MATCH = new HttpString("If-Match");

  private final ReferenceSettings settings;
  private final Undertow undertow;
  private final ExecutorService workers;
  private final Semaphore pool;
  private final AtomicInteger inService = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger waitingForPool = new AtomicInteger();
  private final AcquireTimer acquire = new AcquireTimer();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong nextId = new AtomicLong(1_000_000_000L);
  private final Map<Long, String> etags = new ConcurrentHashMap<>();
  private final ThreadLocal<SplittableRandom> random;
  private volatile long stallUntilNanos;
  private volatile double slowdownPct;
  private volatile double failurePct;

  private ReferenceServer(ReferenceSettings settings, String host, int port) {
    this.settings = settings;
    this.slowdownPct = settings.slowdownPct();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "reference-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.workers = Executors.newFixedThreadPool(settings.workers(), tf);
    this.pool = new Semaphore(settings.poolSize(), true);
    AtomicLong streams = new AtomicLong(settings.seed());
    this.random = ThreadLocal.withInitial(() -> new SplittableRandom(streams.getAndIncrement()));
    this.undertow = Undertow.builder()
        .addHttpListener(port, host)
        .setIoThreads(2)
        // answers written from a worker go out as headers and body: without it Nagle holds the body for the client's delayed ACK
        .setSocketOption(org.xnio.Options.TCP_NODELAY, true)
        .setHandler(this::handle)
        .build();
  }

  /** Starts it on a free port of 127.0.0.1. */
  public static ReferenceServer start(ReferenceSettings settings) {
    return start(settings, 0);
  }

  /** Starts it on {@code port} of 127.0.0.1 (0: a free one). */
  public static ReferenceServer start(ReferenceSettings settings, int port) {
    ReferenceServer s = new ReferenceServer(settings, "127.0.0.1", port);
    try {
      s.undertow.start();
    } catch (RuntimeException e) {
      s.workers.shutdownNow();
      throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return s;
  }

  public ReferenceSettings settings() {
    return settings;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Requests answered so far (the contract's routes, not /health, /dataset or /metrics). */
  public long requests() {
    return requests.get();
  }

  /**
   * Freezes the server for {@code d} from now, as a stopped process would be: requests in service
   * finish no earlier than its end, and no worker starts one before it.
   */
  public void stall(Duration d) {
    stallUntilNanos = System.nanoTime() + d.toNanos();
  }

  /** From now on every service time is {@code pct} percent longer than the settings' (a regression of known size, live). */
  public void slowdown(double pct) {
    slowdownPct = pct;
  }

  /**
   * From now on each request fails with probability {@code pct} percent: answered 503 after its
   * service time (a breakage of known size, live; not a fast failure that could pass for speed).
   */
  public void failures(double pct) {
    if (!(pct >= 0 && pct <= 100)) {
      throw new IllegalArgumentException("failures: " + pct + " is not allowed (allowed: 0 to 100 percent)");
    }
    failurePct = pct;
  }

  private void handle(HttpServerExchange ex) {
    String path = ex.getRelativePath();
    String method = ex.getRequestMethod().toString();
    if (method.equals("GET") && path.equals("/health")) {
      text(ex, 200, "{\"status\":\"ok\"}", "application/json");
    } else if (method.equals("GET") && path.equals("/dataset")) {
      text(ex, 200, "{\"scale\":" + settings.dataset().scaleText() + ",\"seed\":" + settings.dataset().seed() + "}", "application/json");
    } else if (method.equals("GET") && path.equals("/metrics")) {
      text(ex, 200, metrics(), "text/plain; version=0.0.4; charset=utf-8");
    } else {
      long accepted = System.nanoTime();
      queued.incrementAndGet();
      ex.dispatch(workers, () -> serve(ex, method, path, accepted));
    }
  }

  /** On a worker: the pool's permit, the service time, then the contract's answer with the phases. */
  private void serve(HttpServerExchange ex, String method, String path, long accepted) {
    queued.decrementAndGet();
    awaitStall();
    long started = System.nanoTime();
    if (method.equals("POST") || method.equals("PUT")) {
      ex.startBlocking();
      try {
        ex.getInputStream().readAllBytes(); // the body: read, not parsed
      } catch (java.io.IOException e) {
        ex.endExchange();
        return;
      }
    }
    waitingForPool.incrementAndGet();
    pool.acquireUninterruptibly();
    waitingForPool.decrementAndGet();
    long permitted = System.nanoTime();
    acquire.record(permitted - started);
    long served;
    try {
      inService.incrementAndGet();
      try {
        sleepUntil(permitted + serviceNanos(inService.get()));
        awaitStall();
      } finally {
        inService.decrementAndGet();
      }
      served = System.nanoTime();
    } finally {
      pool.release();
    }
    requests.incrementAndGet();
    if (failurePct > 0 && random.get().nextDouble() * 100 < failurePct) {
      text(ex, 503, "{\"error\":\"injected failure\"}", "application/json");
      return;
    }
    answer(ex, method, path, String.format(Locale.ROOT, "queue;dur=%.3f, pool;dur=%.3f, db;dur=%.3f, encode;dur=0, total;dur=%.3f",
        (started - accepted) / 1e6, (permitted - started) / 1e6, (served - permitted) / 1e6, (System.nanoTime() - accepted) / 1e6));
  }

  /** This request's service time, with n requests in service (itself included). */
  long serviceNanos(int n) {
    double base = settings.serviceTime().toNanos();
    if (settings.exponential()) {
      base = -base * Math.log(1 - random.get().nextDouble());
    }
    double contention = 1 + settings.sigma() * (n - 1) + settings.kappa() * n * (double) (n - 1);
    return Math.round(base * contention * (1 + slowdownPct / 100));
  }

  private void answer(HttpServerExchange ex, String method, String path, String timing) {
    ex.getResponseHeaders().put(SERVER_TIMING, timing);
    Long id = projectId(path);
    switch (method) {
      case "POST" -> {
        long created = nextId.getAndIncrement();
        String etag = "r" + created + "-0";
        etags.put(created, etag);
        ex.getResponseHeaders().put(ETAG, "\"" + etag + "\"");
        text(ex, 201, "{\"result\":{\"project_id\":" + created + "}}", "application/json");
      }
      case "PUT" -> {
        String current = id == null ? null : etags.get(id);
        if (current == null || !current.equals(unquote(ex.getRequestHeaders().getFirst(IF_MATCH)))) {
          text(ex, current == null ? 404 : 412, "{\"error\":\"precondition failed\"}", "application/json");
          return;
        }
        String next = current.substring(0, current.lastIndexOf('-') + 1) + (Long.parseLong(current.substring(current.lastIndexOf('-') + 1)) + 1);
        etags.put(id, next);
        ex.getResponseHeaders().put(ETAG, "\"" + next + "\"");
        text(ex, 200, "{\"result\":{}}", "application/json");
      }
      case "DELETE" -> {
        String current = id == null ? null : etags.get(id);
        if (current == null || !current.equals(unquote(ex.getRequestHeaders().getFirst(IF_MATCH)))) {
          text(ex, current == null ? 404 : 412, "{\"error\":\"precondition failed\"}", "application/json");
          return;
        }
        etags.remove(id);
        ex.setStatusCode(204);
        ex.endExchange();
      }
      default -> text(ex, 200, "{\"result\":{}}", "application/json");
    }
  }

  private static Long projectId(String path) {
    if (!path.startsWith("/projects/")) {
      return null;
    }
    String rest = path.substring("/projects/".length());
    int slash = rest.indexOf('/');
    try {
      return Long.parseLong(slash < 0 ? rest : rest.substring(0, slash));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String unquote(String etag) {
    return etag == null ? null : etag.replace("\"", "").trim();
  }

  private static void text(HttpServerExchange ex, int status, String body, String type) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
    if (ex.isInIoThread()) {
      ex.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
      return;
    }
    if (!ex.isBlocking()) {
      ex.startBlocking();
    }
    try {
      ex.getOutputStream().write(bytes);
    } catch (java.io.IOException e) {
      // the client went away
    }
    ex.endExchange();
  }

  private void awaitStall() {
    sleepUntil(stallUntilNanos);
  }

  private static void sleepUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** HikariCP's names for its permits, as the api's /metrics has them for its pool; and the queue. */
  private String metrics() {
    String l = "{pool=\"reference\"}";
    int active = settings.poolSize() - pool.availablePermits();
    AcquireTimer.Snapshot a = acquire.snapshot();
    return "# the reference server: " + settings.workers() + " workers, " + settings.poolSize() + " permits\n"
        + "hikaricp_connections_active" + l + " " + active + "\n"
        + "hikaricp_connections_idle" + l + " " + pool.availablePermits() + "\n"
        + "hikaricp_connections_pending" + l + " " + waitingForPool.get() + "\n"
        + "hikaricp_connections_max" + l + " " + settings.poolSize() + "\n"
        + "hikaricp_connections_acquire_seconds_count" + l + " " + a.count() + "\n"
        + "hikaricp_connections_acquire_seconds_sum" + l + " " + a.sumSeconds() + "\n"
        + "hikaricp_connections_acquire_seconds_max" + l + " " + a.maxSeconds() + "\n"
        + "reference_queue_length " + queued.get() + "\n"
        + "reference_in_service " + inService.get() + "\n"
        + "reference_requests_total " + requests.get() + "\n";
  }

  @Override
  public void close() {
    undertow.stop();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
