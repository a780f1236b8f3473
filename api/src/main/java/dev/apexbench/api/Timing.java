package dev.apexbench.api;

/**
 * Where a request's time went inside the api, sent back as a W3C {@code Server-Timing} header and
 * recorded per route in {@code /metrics}. All in milliseconds (fractional, to the microsecond):
 *
 * <ul>
 *   <li>{@code queue}: from the request being accepted (its headers parsed, on the IO thread) to its
 *       route starting on a worker thread, including reading a body;
 *   <li>{@code pool}: waiting for a HikariCP connection;
 *   <li>{@code db}: holding the connection: statements executed, rows fetched (and turned into JSON
 *       nodes as they arrive), the transaction committed;
 *   <li>{@code encode}: writing the JSON answer to bytes;
 *   <li>{@code total}: from accepted to the answer handed to the network (the last point the server
 *       can see; sending the bytes and the network are the client's to measure).
 * </ul>
 *
 * The route's own work between these (parameters, checks) is the rest of {@code total}. One
 * instance per request, on the worker thread that runs it ({@link #current()}).
 */
final class Timing {
  /** Off with {@code -Dapex.api.server-timing=false}: no header, no phase timers (to measure their cost). */
  static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("apex.api.server-timing", "true"));

  static final String HEADER = "Server-Timing";

  private static final ThreadLocal<Timing> CURRENT = new ThreadLocal<>();

  final long acceptedNanos;
  final long startNanos;
  long poolNanos;
  long dbNanos;
  long encodeNanos;

  Timing(long acceptedNanos, long startNanos) {
    this.acceptedNanos = acceptedNanos;
    this.startNanos = startNanos;
  }

  /** The request running on this thread, or null outside a route (or with timing off). */
  static Timing current() {
    return CURRENT.get();
  }

  static void set(Timing t) {
    if (t == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(t);
    }
  }

  long queueNanos() {
    return Math.max(0, startNanos - acceptedNanos);
  }

  /**
   * The header value, e.g. {@code queue;dur=0.012, pool;dur=0.001, db;dur=0.734, encode;dur=0.020,
   * total;dur=0.812}, written without formatting machinery.
   */
  String header(long endNanos) {
    StringBuilder sb = new StringBuilder(96);
    phase(sb, "queue", queueNanos());
    sb.append(", ");
    phase(sb, "pool", poolNanos);
    sb.append(", ");
    phase(sb, "db", dbNanos);
    sb.append(", ");
    phase(sb, "encode", encodeNanos);
    sb.append(", ");
    phase(sb, "total", Math.max(0, endNanos - acceptedNanos));
    return sb.toString();
  }

  /** {@code name;dur=<ms with three decimals>}. */
  static void phase(StringBuilder sb, String name, long nanos) {
    long micros = Math.max(0, nanos) / 1_000;
    sb.append(name).append(";dur=").append(micros / 1_000).append('.');
    long frac = micros % 1_000;
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac);
  }
}
