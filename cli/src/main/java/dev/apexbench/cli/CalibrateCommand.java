package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.harness.RunRequest;
import dev.apexbench.harness.calibrate.CalibrateRun;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.TargetApi;
import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench calibrate}: this runner's noise, false alarms and detectable change per metric,
 * measured from K runs of one build; the gate's power against known slowdowns; the generator's
 * ceiling. Exit 0 when the calibration was written, 2 for bad usage or environment.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure this runner: K runs of bench run's pipeline on one build and dataset (kept under <out>/calibration-runs/, so a",
      "later calibrate adds to them), every pair compared; per metric the run-to-run spread, the false alarms at today's",
      "settings with a 95 %% bound, the smallest detectable change and a recommended minimum effect; the gate's power against",
      "the reference server slowed by 5, 10 and 20 %%; the load generator's ceiling. Writes calibration.json, index.html and",
      "summary.md to <out>/<time>-calibrate-<profile>/. bench compare --calibration FILE and bench run --calibration FILE",
      "use its minimum effects. Exit 0 written, 2 usage, input or environment error."
    })
final class CalibrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin LoadOptions load;
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;

  @Option(names = "--runs", paramLabel = "K", description = "Runs to make now (0: recompute from the stored runs). Default: 4 (smoke and"
      + " quick: about 8 and 20 minutes on 2 cores with the rest), 2 for full.")
  Integer runs;

  @Option(names = "--reference-runs", paramLabel = "N", defaultValue = "2", description = "Runs of the reference server per slowdown"
      + " (0, 5, 10, 20 %%), as long as the profile's load up to 30 s each, for the gate's power; 0 leaves the power out."
      + " Default: ${DEFAULT-VALUE}.")
  int referenceRuns;

  @Option(names = "--no-ceiling", description = "Leave out the load generator's ceiling.")
  boolean noCeiling;

  @Option(names = "--false-alarm", paramLabel = "PCT", defaultValue = "1", description = "The gate's false-alarm rate per comparison the"
      + " recommended minimum effects aim at, in percent. Default: ${DEFAULT-VALUE}.")
  double falseAlarm;

  @Option(names = "--skip-load", description = "Leave out the load phase of each run (queries and plans only).")
  boolean skipLoad;

  @Mixin EffectOptions effect;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    db.spec();
    int k = runs != null ? runs : measure.profile == Profile.FULL ? 2 : 4;
    if (k < 0 || k > 100) {
      throw BenchException.usage("--runs: '" + k + "' is not allowed (allowed: 0 to 100)");
    }
    if (referenceRuns < 0 || referenceRuns > 20) {
      throw BenchException.usage("--reference-runs: '" + referenceRuns + "' is not allowed (allowed: 0 to 20)");
    }
    if (!(falseAlarm > 0 && falseAlarm < 50)) {
      throw BenchException.usage("--false-alarm: '" + falseAlarm + "' is not allowed (allowed: more than 0 and less than 50 percent)");
    }
    if (effect.calibration != null) {
      throw BenchException.usage("--calibration: bench calibrate writes a calibration, it does not read one (allowed: leave it out)");
    }
    LoadRequest loadRequest = load.request(measure.profile, cache.prewarm(), targets.file);
    MeasureRequest m = measure.request();
    m.selected();
    Targets t = targets.load(ws.home());
    CompareOptions today = effect.options(0.01);
    Path root = output.reportsRoot(ws);
    if (load.targetUrl != null && !skipLoad) {
      TargetApi.checkHealth(load.targetUrl.toString());
    }
    RunRequest each = new RunRequest(db.session(data), m, cache.prewarm(), skipLoad ? null : loadRequest, "targets", null, today, false, t,
        root.resolve("calibration-runs"));
    CalibrateRun.Outcome o;
    try {
      // the power's runs last as long as the profile's load, up to 30 s each
      java.time.Duration powerRun = measure.profile.load().duration().compareTo(java.time.Duration.ofSeconds(30)) > 0
          ? java.time.Duration.ofSeconds(30) : measure.profile.load().duration();
      o = CalibrateRun.run(ws, new CalibrateRun.Request(each, k, referenceRuns, powerRun, !noCeiling, falseAlarm, today, root));
    } catch (ReportsException e) {
      throw BenchException.usage(e.getMessage());
    }
    if (output.json) {
      spec.commandLine().getOut().println(dev.apexbench.reports.Json.MAPPER.writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(java.util.Map.of("calibration", o.dir().resolve("calibration.json").toString(), "summary", o.calibration().summary(),
              "exit_code", 0)));
    } else {
      spec.commandLine().getOut().println(o.calibration().summary());
    }
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().println("bench: calibration written to " + o.dir().resolve("calibration.json") + " (and index.html, summary.md)");
    return 0;
  }
}
