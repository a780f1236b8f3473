package dev.apexbench.harness.capacity;

import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.harness.load.PoolHealth;
import dev.apexbench.harness.load.PoolSampler;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Breakdown;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One capacity step's figures and its judgement by the load targets. */
public final class StepJudge {
  private StepJudge() {}

  /**
   * A step's figures and its judgement by the load targets: the pool's samples are part of the load
   * judged (a pool target is judged, not failed as unmeasured); accepted breaches fail the step
   * unless {@code honourAccepted}.
   *
   * @param apiCpuCores the api JVM's CPU over the step in cores, or null when the api is not the harness's own
   * @param window the database over the step, or null when the target's database is not known
   */
  public static Capacity.Step step(double offered, String phase, Load load, Targets t, boolean honourAccepted, List<PoolSampler.Sample> pool,
      Double apiCpuCores, StatsWindow window, double wallSeconds) {
    Load.PoolHealth ph = PoolHealth.of(pool, Long.MIN_VALUE);
    load = load.withPool(ph);
    Results judged = Evaluator.evaluate(new Results(Results.SCHEMA_VERSION, null, null, null, null, load, null, List.of(), null, null),
        honourAccepted ? t : t.withoutAccepted());
    List<String> failed = judged.targets().stream().filter(TargetResult::blocks).map(TargetResult::name).toList();
    Endpoint total = load.total();
    double errorPct = total.requests() == 0 ? 0 : 100.0 * total.ko() / total.requests();
    Map<String, Double> byGroup = new LinkedHashMap<>();
    for (Map.Entry<String, List<Endpoint>> g : load.endpointsByGroup().entrySet()) {
      Histogram merged = Histograms.merge(g.getValue());
      if (merged != null) {
        byGroup.put(g.getKey(), Histograms.ms(merged, 95));
      }
    }
    Double activeMean = ph == null ? null : ph.activeMean();
    Double utilP95 = ph == null ? null : ph.utilizationP95Pct();
    Integer pendingMax = ph == null ? null : ph.pendingMax();
    String top = null;
    if (window != null && window.topStatements() != null && !window.topStatements().isEmpty()) {
      var d = window.topStatements().get(0);
      String q = d.query().replaceAll("\\s+", " ");
      top = String.format(Locale.ROOT, "%.2f ms mean x %d calls: %s", d.meanMs(), d.calls(), q.length() > 120 ? q.substring(0, 117) + "..." : q);
    }
    double seconds = window != null && window.seconds() > 0 ? window.seconds() : wallSeconds;
    double meanS = total.meanMs() / 1000.0;
    Double apiCpuPct = apiCpuCores == null ? null : round(apiCpuCores / Runtime.getRuntime().availableProcessors() * 100);
    return new Capacity.Step(round(offered), round(load.achievedRps()), total.requests(), round(errorPct), total.p50Ms(), total.p95Ms(),
        total.p99Ms(), byGroup, total.meanMs(), round(load.achievedRps() * meanS), activeMean, utilP95, pendingMax, apiCpuPct,
        window == null ? null : round((window.xactCommit() + window.xactRollback()) / seconds),
        window == null ? null : round((window.blksHit() + window.blksRead()) / seconds), top,
        load.generatorHiccups() == null ? 0 : load.generatorHiccups().maxMs(), failed.isEmpty(), failed, phase,
        apiCpuCores == null ? null : round(apiCpuCores), phaseMeanMs(load, "queue"), phaseMeanMs(load, "pool"), phaseMeanMs(load, "db"),
        ph == null ? null : ph.acquireMeanMs(), ph == null ? null : ph.acquireMaxMs());
  }

  /** A Server-Timing phase's mean over the step's timed requests, all groups together; null when none was timed. */
  static Double phaseMeanMs(Load load, String phase) {
    if (load.breakdown() == null) {
      return null;
    }
    double sum = 0;
    long n = 0;
    for (Breakdown b : load.breakdown().values()) {
      Breakdown.PhaseStats p = b.phase(phase);
      if (p != null && b.timed() > 0) {
        sum += p.meanMs() * b.timed();
        n += b.timed();
      }
    }
    return n == 0 ? null : Math.round(sum / n * 1000) / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
