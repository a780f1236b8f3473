package dev.apexbench.harness.load;

import dev.apexbench.reports.model.Load;
import java.util.List;

/** The api's pool over a load, from the samples of its /metrics. */
public final class PoolHealth {
  private PoolHealth() {}

  /**
   * The samples taken at or after {@code startNanos} as the pool's health: utilisation (active over
   * the pool's maximum) at p50, p95 and max, the mean active connections, the most threads waiting
   * at a sample, and the timeline; null when the api gave none.
   */
  public static Load.PoolHealth of(List<PoolSampler.Sample> samples, long startNanos) {
    List<PoolSampler.Sample> within = samples.stream().filter(x -> x.nanos() >= startNanos).toList();
    if (within.isEmpty()) {
      return null;
    }
    double[] util = within.stream().mapToDouble(x -> x.max() > 0 ? 100 * x.active() / x.max() : 0).sorted().toArray();
    java.util.function.IntFunction<Double> at = pct -> util[Math.max(0, (int) Math.ceil(pct / 100.0 * util.length) - 1)];
    List<Load.PoolHealth.Sample> timeline = within.stream()
        .map(x -> new Load.PoolHealth.Sample(Math.round((x.nanos() - startNanos) / 1e7) / 100.0, x.active(), x.idle(), x.pending())).toList();
    return new Load.PoolHealth(within.size(), within.get(within.size() - 1).max(),
        Math.round(within.stream().mapToDouble(PoolSampler.Sample::active).average().orElse(0) * 100) / 100.0,
        Math.round(at.apply(50) * 100) / 100.0, Math.round(at.apply(95) * 100) / 100.0, Math.round(util[util.length - 1] * 100) / 100.0,
        (int) within.stream().mapToDouble(PoolSampler.Sample::pending).max().orElse(0), timeline, acquires(within),
        acquireMeanMs(within), acquireMaxMs(within));
  }

  /** Connections handed out between the first and the last sample (HikariCP's acquire timer), or null without the timer. */
  static Long acquires(List<PoolSampler.Sample> s) {
    List<PoolSampler.Sample> t = timed(s);
    return t.size() < 2 ? null : Math.round(t.get(t.size() - 1).acquireCount() - t.get(0).acquireCount());
  }

  /** The mean wait for a connection between the first and the last sample, from the timer's sum and count. */
  static Double acquireMeanMs(List<PoolSampler.Sample> s) {
    List<PoolSampler.Sample> t = timed(s);
    if (t.size() < 2) {
      return null;
    }
    double n = t.get(t.size() - 1).acquireCount() - t.get(0).acquireCount();
    double sum = t.get(t.size() - 1).acquireSumSeconds() - t.get(0).acquireSumSeconds();
    return n <= 0 ? null : Math.round(sum / n * 1e6) / 1e3;
  }

  /** The longest wait the timer reported at any sample. */
  static Double acquireMaxMs(List<PoolSampler.Sample> s) {
    return s.stream().filter(x -> x.acquireMaxSeconds() != null).mapToDouble(PoolSampler.Sample::acquireMaxSeconds).max().stream()
        .mapToObj(v -> Math.round(v * 1e6) / 1e3).findFirst().orElse(null);
  }

  private static List<PoolSampler.Sample> timed(List<PoolSampler.Sample> s) {
    return s.stream().filter(x -> x.acquireCount() != null && x.acquireSumSeconds() != null).toList();
  }
}
