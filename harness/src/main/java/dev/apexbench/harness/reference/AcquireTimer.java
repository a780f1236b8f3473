package dev.apexbench.harness.reference;

/**
 * A timer of permit waits as HikariCP's {@code hikaricp_connections_acquire_seconds} exposes its
 * connection waits: a count and a sum since the start, and the longest wait of the last few
 * seconds (a maximum that decays, as Micrometer's does).
 */
final class AcquireTimer {
  /** The maximum covers this many one-second buckets. */
  private static final int BUCKETS = 3;

  record Snapshot(long count, double sumSeconds, double maxSeconds) {}

  private long count;
  private long sumNanos;
  private final long[] maxNanos = new long[BUCKETS];
  private final long[] bucketSecond = new long[BUCKETS];

  synchronized void record(long nanos) {
    count++;
    sumNanos += nanos;
    long sec = System.nanoTime() / 1_000_000_000L;
    int i = (int) (sec % BUCKETS);
    if (bucketSecond[i] != sec) {
      bucketSecond[i] = sec;
      maxNanos[i] = 0;
    }
    maxNanos[i] = Math.max(maxNanos[i], nanos);
  }

  synchronized Snapshot snapshot() {
    long sec = System.nanoTime() / 1_000_000_000L;
    long max = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (sec - bucketSecond[i] < BUCKETS) {
        max = Math.max(max, maxNanos[i]);
      }
    }
    return new Snapshot(count, sumNanos / 1e9, max / 1e9);
  }
}
