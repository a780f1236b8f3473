package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.compare.CompareException;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin LoadOptions load;
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;

  @Option(names = "--baseline", paramLabel = "FILE", description = "A baseline results.json (or run directory): a significant regression fails the gate.")
  Path baseline;

  @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = "15", description = "With --baseline: the smallest change that counts, in percent. Default: ${DEFAULT-VALUE}.")
  double minEffect;

  @Option(names = "--min-effect-ms", paramLabel = "MS", defaultValue = "0.1", description = "With --baseline: the smallest absolute change that counts, in ms. Default: ${DEFAULT-VALUE}.")
  double minEffectMs;

  @Option(names = "--force", description = "With --baseline: compare even if dataset, profile or server settings differ.")
  boolean force;

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
    Bench.configureLogging(common.verbose);
    db.spec();
    LoadCommand.checkInjectorOptions(load, cache.prewarm());
    load.targetsFile = targets.file;
    measure.jmh(); // --jmh-args checked before any work
    List<CatalogQuery> selected = QueryCatalog.select(measure.queries);
    Targets t = targets.load();
    if ("regression".equals(gate) && baseline == null) {
      throw BenchException.usage("--gate: 'regression' needs --baseline (allowed without a baseline: targets or both)");
    }
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    Path reportsRoot = output.reportsRoot();
    Reporting.installInterruptHook(spec.commandLine().getOut());
    CompareOptions compareOptions = CompareCommand.options(minEffect, minEffectMs, 0.01, force);
    Results base = baseline == null ? null : readBaseline(baseline);
    if (base != null && !force) {
      // what can be known before measuring: dataset identity, profile, workload, machine
      Map<String, Object> planned = new LinkedHashMap<>();
      planned.put("threads", measure.threads);
      planned.put("queries", measure.queries == null ? "*" : measure.queries);
      var j = measure.profile.jmh(measure.threads);
      planned.put("jmh_forks", j.forks());
      if (measure.jmhArgs != null && !measure.jmhArgs.isBlank()) {
        planned.put("jmh_args", measure.jmhArgs.strip());
      }
      List<String> differ = dev.apexbench.reports.compare.Comparator.plannedMismatches(base, measure.profile.label(), data.scale, data.seed,
          data.variant.label(), planned, Environment.machine(-1, -1));
      if (!differ.isEmpty()) {
        throw BenchException.usage("--baseline: " + baseline + " was measured differently: " + String.join(", ", differ)
            + " (allowed: a baseline of this profile, dataset and machine kind, or --force)");
      }
    }
    if (load.targetUrl != null && !skipLoad) {
      LoadPhase.checkHealth(load.targetUrl.toString()); // before minutes of measuring, not after
    }
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(reportsRoot, "run", measure.profile.label()), "run", measure.profile.label());
    measure.describeInto(rec);
    rec.settings.put("gate", gate);
    console.say("bench: run " + rec.dir.id + " (profile " + measure.profile.label() + ")");
    List<String> remaining = new ArrayList<>(List.of("explain", "jmh", "load"));
    if (skipLoad) {
      remaining.remove("load");
      rec.skipped("load", "--skip-load");
    }
    Exception failure = null;
    try (Session s = rec.phase("provision+seed", () -> Session.open(db, data, console))) {
      s.describeInto(rec);
      List<QueryResult> plans = rec.phase("explain", () -> ExplainCommand.explainAll(s, selected));
      remaining.remove("explain");
      rec.queries = plans;
      JmhCommand.Measured m = rec.phase("jmh", () -> JmhCommand.measure(s, rec, selected, measure.jmh(), cache.prewarm(), console));
      remaining.remove("jmh");
      rec.queries = JmhCommand.merge(m.queries(), plans);
      rec.harnessBaseline = m.baseline();
      Map<String, StatsWindow> windows = new LinkedHashMap<>();
      windows.put("jmh", m.window());
      rec.database = database(windows, m.cache());
      if (!skipLoad) {
        LoadPhase.Measured l = rec.phase("load", () -> LoadPhase.run(s, s.spec, rec, measure.profile, load,
            TargetsOptions.gatlingAssertions(t), cache.prewarm(), console));
        remaining.remove("load");
        rec.load = l.load();
        windows.put("load", l.window());
        rec.database = database(windows, l.cache());
      }
    } catch (Exception e) {
      failure = e;
      for (String p : remaining) {
        if (!p.equals(rec.failedPhase)) {
          rec.skipped(p, "not run: phase " + rec.failedPhase + " failed");
        }
      }
    }
    if (withDr && failure == null) {
      try {
        rec.dr = rec.phase("dr", () -> new Drill(DrCommand.settings(measure.profile, data.spec(), false), CommonOptions.stateDir().resolve("dr"),
            console).run());
      } catch (Exception e) {
        failure = e;
      }
    }
    Comparison comparison = null;
    if (base != null) {
      try {
        comparison = dev.apexbench.reports.compare.Comparator.compare(base, rec.results(), compareOptions);
      } catch (CompareException e) {
        Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
        throw BenchException.usage("--baseline: " + e.getMessage());
      }
    }
    Results r = Reporting.finish(rec, t, comparison, spec.commandLine().getOut(), console);
    if (failure != null) {
      throw failure; // one line, exit 2; the partial results are written
    }
    return Reporting.exitCode(r);
  }

  static Database database(Map<String, StatsWindow> windows, DbMetrics.CacheState cache) {
    StatsWindow.Totals all = StatsWindow.combine(new ArrayList<>(windows.values()));
    Map<String, dev.apexbench.reports.model.DbWindow> mapped = new LinkedHashMap<>();
    windows.forEach((k, w) -> mapped.put(k, ResultsMapper.window(w)));
    return new Database(all.indexHitRate(), all.cacheHitRate(), all.indexScanRatio(), mapped, cache.prewarmed(), cache.note());
  }

  static Results readBaseline(Path p) {
    try {
      return ResultsIO.read(p);
    } catch (ReportsException e) {
      throw BenchException.usage("--baseline: " + e.getMessage());
    }
  }
}
