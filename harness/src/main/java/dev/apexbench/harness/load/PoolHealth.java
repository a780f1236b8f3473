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
        (int) within.stream().mapToDouble(PoolSampler.Sample::pending).max().orElse(0), timeline);
  }
}
