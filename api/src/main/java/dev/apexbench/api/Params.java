package dev.apexbench.api;

import io.undertow.server.HttpServerExchange;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Deque;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed request parameters; anything malformed is a 400 naming the parameter. */
final class Params {
  static final Set<String> STATUSES = Set.of("draft", "estimating", "submitted", "accepted", "rejected");
  static final Set<String> MODULES = Set.of("estimating", "takeoff", "pricing", "scheduling", "risk");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ETAG = Pattern.compile("[0-9A-Za-z_-]{1,64}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private final Request request;

  Params(HttpServerExchange ex) {
    this.request = Request.of(ex);
  }

  /** The query parameter names present, for routes that choose by which are given. */
  java.util.Set<String> queryNames() {
    return request.query().keySet();
  }

  /**
   * A path parameter of the route's template if it has one of that name, else the query parameter.
   * A value with a NUL character is refused here, for every parameter: PostgreSQL cannot store or
   * compare one, and it is never a legitimate value.
   */
  String raw(String name) {
    String v;
    if (request.path().containsKey(name)) {
      v = request.path().get(name);
    } else {
      Deque<String> q = request.query().get(name);
      v = q == null || q.isEmpty() ? null : q.getFirst();
    }
    if (v != null && v.indexOf('\0') >= 0) {
      throw ApiException.badParameter(name, v, "text without NUL characters");
    }
    return v;
  }

  String required(String name, String allowed) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      throw ApiException.badParameter(name, v == null ? "" : v, allowed);
    }
    return v;
  }

  /** 1 to 18 ASCII digits: Long.parseLong alone would also take other scripts' digits (١ is 1). */
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  long id(String name) {
    String v = required(name, "a positive integer id");
    if (DIGITS.matcher(v).matches()) {
      long id = Long.parseLong(v);
      if (id > 0) {
        return id;
      }
    }
    throw ApiException.badParameter(name, v, "a positive integer id (ASCII digits)");
  }

  String status(String name) {
    String v = required(name, String.join(", ", STATUSES));
    if (!STATUSES.contains(v)) {
      throw ApiException.badParameter(name, v, "draft, estimating, submitted, accepted, rejected");
    }
    return v;
  }

  String module(String name) {
    String v = required(name, String.join(", ", MODULES));
    if (!MODULES.contains(v)) {
      throw ApiException.badParameter(name, v, "estimating, takeoff, pricing, scheduling, risk");
    }
    return v;
  }

  String sha256(String name) {
    String v = required(name, "64 lowercase hex characters");
    if (!SHA256.matcher(v).matches()) {
      throw ApiException.badParameter(name, v, "64 lowercase hex characters");
    }
    return v;
  }

  String etag(String name) {
    String v = required(name, "an etag (letters, digits, - and _)");
    if (!ETAG.matcher(v).matches()) {
      throw ApiException.badParameter(name, v, "an etag (letters, digits, - and _)");
    }
    return v;
  }

  String key(String name) {
    String v = required(name, "a JSON key (letters, digits, _)");
    if (!KEY.matcher(v).matches()) {
      throw ApiException.badParameter(name, v, "a JSON key (letters, digits, _)");
    }
    return v;
  }

  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");

  int intInRange(String name, int dflt, int min, int max) {
    String v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (INTEGER.matcher(v).matches()) {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    }
    throw ApiException.badParameter(name, v, "an integer from " + min + " to " + max);
  }

  int requiredInt(String name, int min, int max) {
    required(name, "an integer from " + min + " to " + max);
    return intInRange(name, 0, min, max);
  }

  OffsetDateTime time(String name) {
    String v = required(name, "an ISO-8601 timestamp such as 2025-06-01T00:00:00Z");
    try {
      return OffsetDateTime.parse(v).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name, v, "an ISO-8601 timestamp such as 2025-06-01T00:00:00Z");
    }
  }
}
