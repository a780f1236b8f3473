package dev.apexbench.jmh;

import java.time.Duration;

/**
 * How long and how often to measure. {@code forks = 0} runs the benchmarks inside the calling JVM
 * (only for the smoke profile: fast, but JIT state is shared between benchmarks).
 */
public record JmhSettings(
    int forks,
    int warmupIterations,
    Duration warmupTime,
    int measurementIterations,
    Duration measurementTime,
    int threads,
    String maxHeap) {

  /** Rough wall time, for progress messages: per benchmark, JVM start + warm-up + measurement. */
  public Duration estimate(int benchmarks) {
    long perFork = warmupTime.toMillis() * warmupIterations + measurementTime.toMillis() * measurementIterations + (forks > 0 ? 1500 : 300);
    return Duration.ofMillis(perFork * Math.max(1, forks) * benchmarks);
  }
}
