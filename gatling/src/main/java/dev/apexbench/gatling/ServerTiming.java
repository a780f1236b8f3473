package dev.apexbench.gatling;

/**
 * The api's phases from a W3C {@code Server-Timing} header value such as {@code queue;dur=0.012,
 * pool;dur=0.001, db;dur=0.734, encode;dur=0.020, total;dur=0.812} (durations in milliseconds,
 * fractional). Metrics are separated by commas, parameters by semicolons; metrics other than the
 * api's five and parameters other than {@code dur} are ignored; a phase the header leaves out is 0.
 *
 * @param queueNanos accepted to the route starting on a worker thread
 * @param poolNanos waiting for a pooled connection
 * @param dbNanos holding the connection: statements, rows, commit
 * @param encodeNanos writing the JSON answer
 * @param totalNanos accepted to the answer handed to the network
 */
public record ServerTiming(long queueNanos, long poolNanos, long dbNanos, long encodeNanos, long totalNanos) {

  /** The phases, or null when the value is null, carries no {@code total}, or is not well formed. */
  public static ServerTiming parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    long queue = 0;
    long pool = 0;
    long db = 0;
    long encode = 0;
    long total = -1;
    for (String metric : header.split(",")) {
      String[] parts = metric.split(";");
      String name = parts[0].trim();
      long dur = -1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("dur")) {
          dur = nanos(p.substring(eq + 1).trim());
          if (dur < 0) {
            return null;
          }
        }
      }
      if (dur < 0) {
        continue;
      }
      switch (name) {
        case "queue" -> queue = dur;
        case "pool" -> pool = dur;
        case "db" -> db = dur;
        case "encode" -> encode = dur;
        case "total" -> total = dur;
        default -> { }
      }
    }
    return total < 0 ? null : new ServerTiming(queue, pool, db, encode, total);
  }

  /** Milliseconds (a non-negative decimal, possibly quoted) as nanoseconds, or -1. */
  private static long nanos(String ms) {
    if (ms.length() >= 2 && ms.startsWith("\"") && ms.endsWith("\"")) {
      ms = ms.substring(1, ms.length() - 1);
    }
    try {
      double v = Double.parseDouble(ms);
      return v >= 0 && v < 3.6e6 ? Math.round(v * 1e6) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
