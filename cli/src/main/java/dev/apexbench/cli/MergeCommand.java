package dev.apexbench.cli;

import dev.apexbench.harness.distributed.MergeRun;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class MergeCommand implements Callable<Integer>, ShowsTable {
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
    Workspace ws = common.workspace();
    Targets t = targets.load(ws.home());
    return Reporting.exitCode(MergeRun.run(ws, dirs, force, t, output.reportsRoot(ws)));
  }

  @Override
  public void table(Results r, PrintWriter out) {
    Tables.load(out, r);
  }
}
