package dev.apexbench.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Deque;
import java.util.Map;

/**
 * What the api's root handler made of a request before its route runs: the route template, the
 * decoded path and query parameters, the body (read without holding a worker) and when the request
 * was accepted.
 *
 * @param acceptedNanos {@link System#nanoTime()} when the root handler took the request
 * @param body the request body, or null for a route without one
 */
record Request(String template, Map<String, String> path, Map<String, Deque<String>> query, byte[] body, long acceptedNanos) {
  static final AttachmentKey<Request> KEY = AttachmentKey.create(Request.class);

  static Request of(HttpServerExchange ex) {
    Request r = ex.getAttachment(KEY);
    if (r == null) {
      throw new IllegalStateException("no parsed request: routes run behind ApiHandler");
    }
    return r;
  }

  Request withBody(byte[] b) {
    return new Request(template, path, query, b, acceptedNanos);
  }
}
