package dev.apexbench.harness.capacity;

import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.harness.load.PoolHealth;
import dev.apexbench.harness.load.PoolSampler;
import dev.apexbench.reports.Histograms;
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

  /** A step's figures and its judgement by the load targets (acceptances honoured, as in the gate). */
  public static Capacity.Step step(double offered, String phase, Load load, Targets t, List<PoolSampler.Sample> pool, Double apiCpuPct,
      StatsWindow window, double wallSeconds) {
    Results judged = Evaluator.evaluate(new Results(Results.SCHEMA_VERSION, null, null, null, null, load, null, List.of(), null, null), t);
    List<String> failed = judged.targets().stream().filter(TargetResult::blocks).map(TargetResult::name).toList();
    Endpoint total = load.total();
    double errorPct = total.requests() == 0 ? 0 : 100.0 * total.ko() / total.requests();
    Map<String, Double> byGroup = new LinkedHashMap<>();
    for (Map.Entry<String, List<Endpoint>> g : load.endpointsByGroup().entrySet()) {
      Histogram merged = Histograms.merge(g.getValue());
      if (merged != null) {
        byGroup.put(g.getKey(), Math.round(merged.getValueAtPercentile(95) / 1e3) / 1e3);
      }
    }
    Load.PoolHealth ph = PoolHealth.of(pool, Long.MIN_VALUE);
    Double activeMean = ph == null ? null : ph.activeMean();
    Double utilP95 = ph == null ? null : ph.utilizationP95Pct();
    Integer pendingMax = ph == null ? null : ph.pendingMax();
    String top = null;
    if (window.topStatements() != null && !window.topStatements().isEmpty()) {
      var d = window.topStatements().get(0);
      String q = d.query().replaceAll("\\s+", " ");
      top = String.format(Locale.ROOT, "%.2f ms mean x %d calls: %s", d.meanMs(), d.calls(), q.length() > 120 ? q.substring(0, 117) + "..." : q);
    }
    double seconds = window.seconds() > 0 ? window.seconds() : wallSeconds;
    double meanS = total.meanMs() / 1000.0;
    return new Capacity.Step(round(offered), round(load.achievedRps()), total.requests(), round(errorPct), total.p50Ms(), total.p95Ms(),
        total.p99Ms(), byGroup, total.meanMs(), round(load.achievedRps() * meanS), activeMean, utilP95, pendingMax,
        apiCpuPct == null ? null : round(apiCpuPct), round((window.xactCommit() + window.xactRollback()) / seconds),
        round((window.blksHit() + window.blksRead()) / seconds), top,
        load.generatorHiccups() == null ? 0 : load.generatorHiccups().maxMs(), failed.isEmpty(), failed, phase);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
