package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.harness.Pipeline;
import dev.apexbench.harness.RunRequest;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.TargetApi;
import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.run.Environment;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench run}: provision, seed, explain, jmh, serve + load, report; the CI gate. Exit 0 when
 * every target is met, 1 when one is breached (or a regression against --baseline), 2 for bad
 * usage, input or environment. A failed phase still leaves results (the later phases skipped).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The whole measurement and the gate: provision PostgreSQL, seed, explain every query, JMH per-query latency,",
      "the api under Gatling load, then the report (reports/<run-id>/: results.json, index.html, summary.md, junit.xml)",
      "and the verdict against targets.yaml. Exit 0 the gate passed (--gate: targets, regression against --baseline, or",
      "both; a breach listed under accepted in the targets file does not fail until its date); 1 it failed; 2 usage,",
      "input or environment error; 130 interrupted."
    })
final class RunCommand implements Callable<Integer> {

  /** targets, regression or both; anything else is a one-line usage error. */
  static final class GateConverter implements picocli.CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String v) {
      String g = v.trim().toLowerCase(java.util.Locale.ROOT);
      if (!List.of("targets", "regression", "both").contains(g)) {
        throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not a gate (allowed: targets, regression, both)");
      }
      return g;
    }
  }

  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin LoadOptions load;
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;

  @Option(names = "--baseline", paramLabel = "FILE", description = "A baseline results.json (or run directory): a significant regression fails the gate.")
  Path baseline;

  @Mixin EffectOptions effect;

  @Option(names = "--gate", paramLabel = "targets|regression|both", defaultValue = "both", converter = GateConverter.class,
      description = "What decides the exit code: the documented targets, the regression check against --baseline, or both."
          + " The report shows both verdicts either way. Default: ${DEFAULT-VALUE}.")
  String gate;

  @Option(names = "--skip-load", description = "Leave out the api and Gatling phase (database-only gate).")
  boolean skipLoad;

  @Option(names = "--with-dr", description = "Also run the disaster-recovery drill (bench dr) after the load, on embedded servers of its"
      + " own; judged by targets.yaml's dr section.")
  boolean withDr;

  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    db.spec();
    LoadRequest loadRequest = load.request(measure.profile, cache.prewarm(), targets.file);
    MeasureRequest m = measure.request(); // --jmh-args checked before any work
    m.selected();
    Targets t = targets.load(ws.home());
    if ("regression".equals(gate) && baseline == null) {
      throw BenchException.usage("--gate: 'regression' needs --baseline (allowed without a baseline: targets or both)");
    }
    Path reportsRoot = output.reportsRoot(ws);
    CompareOptions compare = effect.options(0.01);
    Results base = baseline == null ? null : readBaseline(baseline);
    if (base != null && !effect.force) {
      checkBaseline(base);
    }
    dev.apexbench.reports.model.Calibration cal = effect.calibration();
    if (cal != null) {
      if (base == null) {
        throw BenchException.usage("--calibration: it sets the regression gate's minimum effects, which needs --baseline (allowed: both"
            + " together)");
      }
      List<String> differ = planned(dev.apexbench.reports.calibrate.CalibrationIO.identity(cal));
      if (!differ.isEmpty()) {
        throw BenchException.usage("--calibration: " + effect.calibration + " was measured differently: " + String.join(", ", differ)
            + " (allowed: a calibration of this profile, dataset and machine; run bench calibrate here)");
      }
      compare = compare.withCalibration(dev.apexbench.reports.calibrate.CalibrationIO.minEffects(cal, effect.calibration.toString()));
    }
    if (load.targetUrl != null && !skipLoad) {
      TargetApi.checkHealth(load.targetUrl.toString()); // before minutes of measuring, not after
    }
    Results r = new Pipeline(ws, new RunRequest(db.session(data), m, cache.prewarm(), skipLoad ? null : loadRequest, gate, base, compare,
        withDr, t, reportsRoot)).run();
    return Reporting.exitCode(r);
  }

  /** What can be known before measuring: dataset identity, profile, workload, machine (one line, exit 2, when it differs). */
  private void checkBaseline(Results base) {
    List<String> differ = planned(base);
    if (!differ.isEmpty()) {
      throw BenchException.usage("--baseline: " + baseline + " was measured differently: " + String.join(", ", differ)
          + " (allowed: a baseline of this profile, dataset and machine kind, or --force)");
    }
  }

  /** What differs between {@code base}'s identity and this run's plan (dataset, profile, workload, machine). */
  private List<String> planned(Results base) {
    Map<String, Object> planned = new LinkedHashMap<>();
    planned.put("threads", measure.threads);
    planned.put("queries", measure.queries == null ? "*" : measure.queries);
    planned.put("jmh_forks", measure.profile.jmh(measure.threads).forks());
    if (measure.jmhArgs != null && !measure.jmhArgs.isBlank()) {
      planned.put("jmh_args", measure.jmhArgs.strip());
    }
    return dev.apexbench.reports.compare.Comparator.plannedMismatches(base, measure.profile.label(), data.scale, data.seed,
        data.variant.label(), planned, cache.prewarm(), Environment.machine(-1, -1));
  }

  static Results readBaseline(Path p) {
    try {
      return ResultsIO.read(p);
    } catch (ReportsException e) {
      throw BenchException.usage("--baseline: " + e.getMessage());
    }
  }
}
