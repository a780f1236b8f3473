package dev.apexbench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's work on a worker thread (JDBC blocks): runs its body, writes the JSON answer or the
 * error envelope, and records the latency in the route's histogram. Requests reach it through
 * {@link ApiHandler}, which has already routed, decoded and (for POST and PUT) read the body.
 */
final class Endpoint implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  /** The route's work: returns the answer to send. */
  @FunctionalInterface
  interface Body {
    Answer handle(HttpServerExchange ex) throws Exception;
  }

  /**
   * A status, an optional ETag and a JSON body (null for 204), or a text body with its content type
   * (the Prometheus exposition).
   */
  record Answer(int status, String etag, JsonNode body, String text, String contentType) {
    Answer(int status, String etag, JsonNode body) {
      this(status, etag, body, null, null);
    }

    static Answer ok(JsonNode body) {
      return new Answer(200, null, body);
    }

    static Answer text(String text, String contentType) {
      return new Answer(200, null, null, text, contentType);
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong INCIDENTS = new java.util.concurrent.atomic.AtomicLong();

  private final String route;
  private final Body body;
  private final Metrics metrics;
  private final boolean takesBody;

  /** What the route's statements count under when a request names none (see StatementCounts). */
  private final String label;
  private final String headLabel;

  Endpoint(String method, String route, Body body, Metrics metrics, boolean takesBody) {
    this.route = route;
    this.label = method + " " + route;
    this.headLabel = "HEAD " + route;
    this.body = body;
    this.metrics = metrics;
    this.takesBody = takesBody;
  }

  /** This route's timers by method and status, so a request costs a map lookup, not a string key. */
  private final java.util.concurrent.ConcurrentHashMap<Integer, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

  private Timer timer(io.undertow.util.HttpString method, int status) {
    boolean head = method.equals(io.undertow.util.Methods.HEAD);
    return timers.computeIfAbsent(head ? -status : status, k -> metrics.timer(route, method.toString(), status));
  }

  boolean takesBody() {
    return takesBody;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    if (ex.isInIoThread()) {
      ex.dispatch(this);
      return;
    }
    long t0 = System.nanoTime();
    Timing timing = null;
    if (Timing.ENABLED) {
      Request req = ex.getAttachment(Request.KEY);
      timing = new Timing(req == null ? t0 : req.acceptedNanos(), t0);
      Timing.set(timing);
    }
    Answer a;
    metrics.statements.begin(ex.getRequestHeaders().getFirst(StatementCounts.HEADER), ex.getRequestMethod().equals(
        io.undertow.util.Methods.HEAD) ? headLabel : label);
    try {
      a = body.handle(ex);
    } catch (ApiException e) {
      a = new Answer(e.status, null, error(e.error, e.parameter, e.getMessage()));
      if (e.allow != null) {
        ex.getResponseHeaders().put(Headers.ALLOW, e.allow);
      }
    } catch (Exception e) {
      String incident = Long.toHexString(INCIDENTS.incrementAndGet());
      LOG.error("incident {}: {} {} failed", incident, ex.getRequestMethod(), ex.getRequestPath(), e);
      ApiException internal = ApiException.internal(incident); // never the exception's text: it may hold the database's
      a = new Answer(500, null, error(internal.error, null, internal.getMessage()));
    } finally {
      StatementCounts.end();
      if (timing != null) {
        Timing.set(null);
      }
    }
    if (timing == null) {
      // recorded before the answer leaves: a client that reads /metrics right after its answer sees it counted
      timer(ex.getRequestMethod(), a.status()).record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
      send(ex, a);
      return;
    }
    byte[] bytes = null;
    if (a.body() != null && a.text() == null) {
      long e0 = System.nanoTime();
      bytes = Json.bytes(a.body());
      timing.encodeNanos = System.nanoTime() - e0;
    }
    long end = System.nanoTime();
    timer(ex.getRequestMethod(), a.status()).record(end - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    metrics.phases(route).record(timing, end);
    ex.getResponseHeaders().put(SERVER_TIMING, timing.header(end));
    send(ex, a, bytes);
  }

  private static final io.undertow.util.HttpString SERVER_TIMING = new io.undertow.util.HttpString(Timing.HEADER);

  /** A refusal before any route ran (routing, decoding, headers, body): the JSON envelope, from any thread. */
  static void refuse(HttpServerExchange ex, ApiException e) {
    if (e.allow != null) {
      ex.getResponseHeaders().put(Headers.ALLOW, e.allow);
    }
    send(ex, new Answer(e.status, null, error(e.error, e.parameter, e.getMessage())));
  }

  static ObjectNode error(String error, String parameter, String message) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("error", error);
    if (parameter != null) {
      n.put("parameter", parameter);
    }
    n.put("message", message);
    return n;
  }

  static void send(HttpServerExchange ex, Answer a) {
    send(ex, a, null);
  }

  /** Sends the answer; {@code encoded}: its JSON body already written to bytes, or null. */
  static void send(HttpServerExchange ex, Answer a, byte[] encoded) {
    ex.setStatusCode(a.status());
    if (a.etag() != null) {
      ex.getResponseHeaders().put(Headers.ETAG, "\"" + a.etag() + "\"");
    }
    if (a.text() != null) {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, a.contentType());
      ex.getResponseSender().send(a.text(), StandardCharsets.UTF_8);
      return;
    }
    if (a.body() == null) {
      ex.endExchange();
      return;
    }
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(ByteBuffer.wrap(encoded != null ? encoded : Json.bytes(a.body())));
  }
}
