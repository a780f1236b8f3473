package dev.apexbench.harness.distributed;

import dev.apexbench.harness.run.LoadMapper;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/** {@code bench merge}: the runs of a distributed load's injectors merged into one run, judged as one. */
public final class MergeRun {
  private MergeRun() {}

  /**
   * @param dirs injector run directories, or directories holding them
   * @param force merge runs that are not injectors of one run
   */
  public static Results run(Workspace ws, List<Path> dirs, boolean force, Targets targets, Path reportsRoot) throws Exception {
    List<Path> runs = InjectorMerge.find(dirs);
    InjectorMerge.Merged m = InjectorMerge.merge(runs, force);
    var id = m.identity();
    String profile = String.valueOf(id.get(InjectorMerge.PROFILE));
    RunRecorder rec = ws.begin(reportsRoot, "merge", profile, targets);
    rec.scale = new BigDecimal(String.valueOf(id.get(InjectorMerge.SCALE)));
    rec.seed = ((Number) id.get(InjectorMerge.SEED)).longValue();
    rec.settings.profile(profile).scale(rec.scale).seed(rec.seed).loadSimulation(id.get(InjectorMerge.SIMULATION))
        .loadTargetUrl(id.get(InjectorMerge.BASE_URL)).loadInjectors(m.count()).mergedFrom(runs.stream().map(Path::toString).toList());
    if (force) {
      rec.settings.mergeForced(true);
    }
    Results r;
    try {
      rec.load = rec.phase("merge", () -> InjectorMerge.finish(
          LoadMapper.load(profile, String.valueOf(id.get(InjectorMerge.SIMULATION)), m.plan(), m.outcome()), m, null));
      ws.console().say("bench: merge: " + rec.load.rateNote());
    } finally {
      r = Reporting.finish(ws, rec, targets, null);
    }
    return r;
  }
}
