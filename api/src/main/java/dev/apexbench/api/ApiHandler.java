package dev.apexbench.api;

import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;
import java.util.Map;

/**
 * The api's root handler, on Undertow's IO thread: it routes the raw request ({@link Router}),
 * decodes its parameters strictly ({@link Url}), checks what can be checked without a worker
 * (header count, Content-Type and Content-Length of a body), reads a body without holding a worker
 * thread (Undertow's non-blocking receiver: a client that sends its body slowly, or never, costs a
 * connection, not a worker), and only then dispatches to a worker thread, where JDBC may block.
 * Every refusal is answered here with the JSON error envelope.
 */
final class ApiHandler implements HttpHandler {
  /** Request bodies larger than this are refused with 413 (the server's own hard cap is set a little above). */
  static final int MAX_BODY = 1 << 20;

  /** More request headers than this are refused with 431. */
  static final int MAX_HEADERS = 100;

  private final Router router;

  ApiHandler(Router router) {
    this.router = router;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    long accepted = System.nanoTime();
    Router.Match m;
    try {
      if (ex.getRequestHeaders().size() > MAX_HEADERS) {
        throw new ApiException(431, "too_many_headers", null,
            "the request has " + ex.getRequestHeaders().size() + " headers (allowed: at most " + MAX_HEADERS + ")");
      }
      m = router.match(ex.getRequestMethod().toString(), ex.getRequestPath());
      Map<String, Deque<String>> query = Url.query(ex.getQueryString());
      ex.putAttachment(Request.KEY, new Request(m.route().template(), m.pathParams(), query, null, accepted));
      if (m.route().endpoint().takesBody()) {
        readBody(ex, m.route().endpoint());
      } else {
        ex.dispatch(m.route().endpoint());
      }
    } catch (ApiException e) {
      Endpoint.refuse(ex, e);
    }
  }

  private static void readBody(HttpServerExchange ex, Endpoint endpoint) {
    String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null || !type.trim().toLowerCase(java.util.Locale.ROOT).matches("application/json\\s*(;.*)?")) {
      throw new ApiException(415, "unsupported_media_type", "Content-Type",
          "the body must be JSON: Content-Type application/json, not '" + ApiException.echo(type) + "'");
    }
    if (ex.getRequestContentLength() > MAX_BODY) {
      ex.setPersistent(false); // the rest of the body is not read: the connection cannot be reused
      throw tooLarge();
    }
    Receiver r = ex.getRequestReceiver();
    r.setMaxBufferSize(MAX_BODY);
    r.receiveFullBytes(
        (exchange, bytes) -> {
          exchange.putAttachment(Request.KEY, Request.of(exchange).withBody(bytes));
          exchange.dispatch(endpoint);
        },
        (exchange, e) -> {
          exchange.setPersistent(false);
          Endpoint.refuse(exchange, e instanceof Receiver.RequestToLargeException ? tooLarge()
              : new ApiException(400, "bad_request", "body", "the request body could not be read"));
        });
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "payload_too_large", "body", "the body is larger than " + MAX_BODY + " bytes");
  }
}
