package dev.apexbench.cli;

import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench merge}: injector runs of one distributed load merged into one run. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Merge the runs of load injectors (`bench load --injector K/N`) into one run: every histogram added (exact, not",
      "averaged percentiles), counts summed, timelines aligned by wall-clock second, each injector's own schedule check",
      "and generator pauses listed in load.injectors[]. A missing injector is named and fails the schedule target. Writes",
      "the normal results.json, report, summary and JUnit XML, so `bench compare` and the gate work on the merged run."
    })
final class MergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR",
      description = "Injector run directories, or directories holding them (searched up to four levels down).")
  List<Path> dirs;

  @Option(names = "--force", description = "Merge runs that are not injectors of one run (another dataset, profile, rate, target,"
      + " start instant or targets): the result then describes no single load; use it only knowingly.")
  boolean force;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    var t = targets.load();
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    List<Path> runs = InjectorMerge.find(dirs);
    InjectorMerge.Merged m = InjectorMerge.merge(runs, force);
    var id = m.identity();
    String profile = String.valueOf(id.get(InjectorMerge.PROFILE));
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(output.reportsRoot(), "merge", profile), "merge", profile);
    rec.scale = new BigDecimal(String.valueOf(id.get(InjectorMerge.SCALE)));
    rec.seed = ((Number) id.get(InjectorMerge.SEED)).longValue();
    rec.settings.put("profile", profile);
    rec.settings.put("scale", rec.scale.stripTrailingZeros());
    rec.settings.put("seed", rec.seed);
    rec.settings.put("load_simulation", id.get(InjectorMerge.SIMULATION));
    rec.settings.put("load_target_url", id.get(InjectorMerge.BASE_URL));
    rec.settings.put("load_injectors", m.count());
    rec.settings.put("merged_from", runs.stream().map(Path::toString).toList());
    if (force) {
      rec.settings.put("merge_forced", true);
    }
    Results r;
    try {
      Load load = rec.phase("merge", () -> InjectorMerge.finish(
          LoadMapper.load(profile, String.valueOf(id.get(InjectorMerge.SIMULATION)), m.plan(), m.outcome()), m, null));
      rec.load = load;
      console.say("bench: merge: " + load.rateNote());
      if (!output.json) {
        LoadCommand.printTable(spec.commandLine().getOut(), load);
      }
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }
}
