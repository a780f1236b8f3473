package dev.apexbench.cli;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.jmh.CatalogQueryState;
import dev.apexbench.jmh.JmhLauncher;
import dev.apexbench.jmh.JmhSettings;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.QueryResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench jmh}: per-query latency distributions with JMH, plans, and the db-side window. */
@Command(
    name = "jmh",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure every catalog query's latency distribution with JMH (SampleTime: percentiles and the raw",
      "histogram), beside a SELECT 1 baseline; record each query's plan and the database's hit rates over",
      "the measured window. Writes reports/<run-id>/results.json and jmh.json."
    })
final class JmhCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    db.spec();
    measure.jmh(); // --jmh-args checked before any work
    List<CatalogQuery> selected = QueryCatalog.select(measure.queries);
    var t = targets.load();
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    Path reportsRoot = output.reportsRoot();
    Reporting.installInterruptHook(spec.commandLine().getOut());
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(reportsRoot, "jmh", measure.profile.label()), "jmh", measure.profile.label());
    measure.describeInto(rec);
    dev.apexbench.reports.model.Results r;
    try (Session s = rec.phase("provision+seed", () -> Session.open(db, data, console))) {
      s.describeInto(rec);
      List<QueryResult> plans = rec.phase("explain", () -> ExplainCommand.explainAll(s, selected));
      rec.queries = plans; // kept if JMH is interrupted
      Measured m = rec.phase("jmh", () -> measure(s, rec, selected, measure.jmh(), cache.prewarm(), console));
      rec.queries = merge(m.queries, plans);
      rec.harnessBaseline = m.baseline;
      rec.database = RunCommand.database(Map.of("jmh", m.window), m.cache());
      if (!output.json) {
        printTable(spec.commandLine().getOut(), rec);
      }
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }

  record Measured(List<QueryResult> queries, QueryResult baseline, StatsWindow window, DbMetrics.CacheState cache) {}

  /**
   * Runs JMH between two pg_stat snapshots: the window covers the JMH run (its warm-up and
   * measurement iterations), not the seeding, explain and prewarm before it.
   */
  static Measured measure(Session s, RunRecorder rec, List<CatalogQuery> selected, JmhSettings settings, boolean prewarm, Console console)
      throws Exception {
    Path props = connectionFile(s);
    try (Connection stats = s.server.connect();
        PrintStream log = new PrintStream(Files.newOutputStream(rec.dir.dir.resolve("jmh.log")), true, "UTF-8")) {
      Map<String, String> conn = new LinkedHashMap<>();
      conn.put(CatalogQueryState.URL, s.server.connectUrl());
      conn.put(CatalogQueryState.PROPS, props.toString());
      conn.put(CatalogQueryState.SEED, Long.toString(s.spec.seed()));
      console.say(String.format(Locale.ROOT, "bench: jmh: %d benchmarks, %d fork(s), about %d s", selected.size() + 1, settings.forks(),
          settings.estimate(selected.size() + 1).toSeconds()));
      DbMetrics.CacheState cache = DbMetrics.prepareCache(s.server, prewarm);
      rec.settings.put("prewarm", cache.note());
      quiet(DbMetrics.awaitQuiescence(stats, 5_000), rec, console);
      StatsSnapshot before = DbMetrics.snapshot(stats);
      Collection<RunResult> results;
      try {
        results = JmhLauncher.run(settings, selected, true, conn, rec.dir.dir.resolve("jmh.json"), log, console::say);
      } catch (org.openjdk.jmh.runner.RunnerException e) {
        if (String.valueOf(e.getMessage()).contains("JMH lock")) {
          throw dev.apexbench.db.BenchException.environment("another JMH benchmark is running on this machine (it holds JMH's lock,"
              + " /tmp/jmh.lock): two at once would measure each other; wait until it ends (APEX_BENCH_JAVA_OPTS=-Djmh.ignoreLock=true"
              + " runs anyway)", e);
        }
        throw e;
      }
      quiet(DbMetrics.awaitQuiescence(stats, 10_000), rec, console);
      StatsSnapshot after = DbMetrics.snapshot(stats);
      Map<String, StatsWindow.StatementDelta> executed = JmhSummary.byText(StatsWindow.allStatements(before, after));
      List<QueryResult> out = new ArrayList<>();
      QueryResult baseline = null;
      for (RunResult r : results) {
        CatalogQuery q = QueryCatalog.get(JmhLauncher.queryOf(r));
        QueryResult qr = JmhSummary.withServer(JmhSummary.fromRun(q, s.variant, r), executed);
        if (q == QueryCatalog.BASELINE) {
          baseline = qr;
        } else {
          out.add(qr);
        }
      }
      return new Measured(out, baseline, StatsWindow.between("jmh", before, after), cache);
    } finally {
      Files.deleteIfExists(props);
    }
  }

  /** Connection properties (with the password) in a file only the user can read, deleted when the command ends. */
  static Path connectionFile(Session s) throws IOException {
    return Secrets.write(s.server.connectionProperties(), "jmh");
  }

  /** Measured entries in catalog order, each with its plan. */
  static List<QueryResult> merge(List<QueryResult> measured, List<QueryResult> plans) {
    List<QueryResult> out = new ArrayList<>();
    for (QueryResult p : plans) {
      QueryResult m = measured.stream().filter(q -> q.name().equals(p.name())).findFirst().orElse(p);
      out.add(m.withPlan(p.plan()));
    }
    return out;
  }

  static void printTable(PrintWriter out, RunRecorder rec) {
    out.printf(Locale.ROOT, "%-34s %-12s %9s %9s %9s %9s %9s %9s %10s%n", "query", "class", "samples", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms", "±99.9%_ms");
    List<QueryResult> rows = new ArrayList<>(rec.queries);
    if (rec.harnessBaseline != null) {
      rows.add(rec.harnessBaseline);
    }
    for (QueryResult q : rows) {
      if (q.samples() == null) {
        continue;
      }
      out.printf(Locale.ROOT, "%-34s %-12s %9d %9.3f %9.3f %9.3f %9.3f %9.3f %10s%n", q.name(), q.queryClass(), q.samples(), q.meanMs(), q.p50Ms(),
          q.p95Ms(), q.p99Ms(), q.maxMs(), q.meanErrorMs() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", q.meanErrorMs()));
    }
    Database d = rec.database;
    out.printf(Locale.ROOT, "database over the jmh window%s: index hit rate %s, cache hit rate %s, index scans %s of scans%n",
        d.cacheLabel(), pct(d.indexHitRate()), pct(d.cacheHitRate()), pct(d.indexScanRatio()));
    out.flush();
  }

  static String pct(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  private static void quiet(boolean clean, RunRecorder rec, Console console) {
    if (!clean) {
      rec.uncleanWindow(console);
    }
  }
}
