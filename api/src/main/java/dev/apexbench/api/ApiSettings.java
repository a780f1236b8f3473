package dev.apexbench.api;

/**
 * The api's settings, validated once at start. Every value names its unit.
 *
 * @param host the address to bind; loopback by default
 * @param port 0 picks a free port
 * @param poolSize HikariCP maximum pool size (connections to PostgreSQL)
 * @param acquireTimeoutMs how long a request waits for a pooled connection before answering 503
 * @param statementTimeoutMs PostgreSQL statement_timeout for api connections; a query that runs
 *     longer is cancelled and answered 503
 * @param workerThreads threads that run request handlers (blocking JDBC)
 * @param shutdownGraceMs how long shutdown waits for requests in flight
 * @param parseTimeoutMs how long a client may take to send its request line and headers (then the
 *     connection is closed)
 * @param idleTimeoutMs how long a kept-alive connection may wait for its next request
 * @param readTimeoutMs how long a client may stay silent while sending a body, or while the api
 *     writes its answer
 * @param maxConnections connections served at once; more wait in the accept backlog
 */
public record ApiSettings(
    String host,
    int port,
    int poolSize,
    long acquireTimeoutMs,
    long statementTimeoutMs,
    int workerThreads,
    long shutdownGraceMs,
    int parseTimeoutMs,
    int idleTimeoutMs,
    int readTimeoutMs,
    int maxConnections) {

  /**
   * The defaults: 10 pooled connections, a 500 ms pool wait, 5 s statements, 16 workers; a client
   * gets 10 s to send its request line and headers, 30 s of silence while sending a body or reading
   * an answer, 60 s idle on a kept-alive connection; at most 2,048 connections at once (the rest
   * wait in the accept backlog).
   */
  public static ApiSettings defaults() {
    return new ApiSettings("127.0.0.1", 0, 10, 500, 5_000, 16, 5_000, 10_000, 60_000, 30_000, 2_048);
  }

  public ApiSettings withPort(int p) {
    return new ApiSettings(host, p, poolSize, acquireTimeoutMs, statementTimeoutMs, workerThreads, shutdownGraceMs, parseTimeoutMs,
        idleTimeoutMs, readTimeoutMs, maxConnections);
  }

  public ApiSettings withPool(int size, long acquireMs) {
    return new ApiSettings(host, port, size, acquireMs, statementTimeoutMs, workerThreads, shutdownGraceMs, parseTimeoutMs, idleTimeoutMs,
        readTimeoutMs, maxConnections);
  }

  public ApiSettings withStatementTimeout(long ms) {
    return new ApiSettings(host, port, poolSize, acquireTimeoutMs, ms, workerThreads, shutdownGraceMs, parseTimeoutMs, idleTimeoutMs,
        readTimeoutMs, maxConnections);
  }

  /** With other client timeouts (ms): request line and headers, a silent body or reader, idle keep-alive. */
  public ApiSettings withClientTimeouts(int parseMs, int readMs, int idleMs) {
    return new ApiSettings(host, port, poolSize, acquireTimeoutMs, statementTimeoutMs, workerThreads, shutdownGraceMs, parseMs, idleMs,
        readMs, maxConnections);
  }

  /** Throws IllegalArgumentException naming the setting, the value and what is allowed. */
  public ApiSettings validate() {
    check(port >= 0 && port <= 65535, "--port", port, "0 (any free port) to 65535");
    check(poolSize >= 1 && poolSize <= 90, "--pool-size", poolSize, "1 to 90 connections (the server allows 100)");
    check(acquireTimeoutMs >= 250 && acquireTimeoutMs <= 60_000, "--acquire-timeout", acquireTimeoutMs + " ms", "250 to 60000 ms (HikariCP's minimum is 250)");
    check(statementTimeoutMs >= 1 && statementTimeoutMs <= 600_000, "--statement-timeout", statementTimeoutMs + " ms", "1 to 600000 ms");
    check(workerThreads >= 1 && workerThreads <= 1024, "--worker-threads", workerThreads, "1 to 1024");
    check(maxConnections >= 16 && maxConnections <= 100_000, "--max-connections", maxConnections, "16 to 100000");
    return this;
  }

  private static void check(boolean ok, String name, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not allowed (allowed: " + allowed + ")");
    }
  }
}
