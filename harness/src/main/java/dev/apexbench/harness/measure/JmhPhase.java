package dev.apexbench.harness.measure;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Secrets;
import dev.apexbench.harness.run.Session;
import dev.apexbench.jmh.CatalogQueryState;
import dev.apexbench.jmh.JmhLauncher;
import dev.apexbench.jmh.JmhSettings;
import dev.apexbench.reports.model.QueryResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/** JMH over the selected catalog queries, between two pg_stat snapshots of the server. */
public final class JmhPhase {
  private JmhPhase() {}

  /** Per-query results, the {@code SELECT 1} baseline, the database window and the cache state before it. */
  public record Measured(List<QueryResult> queries, QueryResult baseline, StatsWindow window, DbMetrics.CacheState cache) {}

  /**
   * Runs JMH between two pg_stat snapshots: the window covers the JMH run (its warm-up and
   * measurement iterations), not the seeding, explain and prewarm before it.
   *
   * @param stateDir where the forks' connection file (with the password) is written and deleted
   */
  public static Measured measure(Session s, RunRecorder rec, List<CatalogQuery> selected, JmhSettings settings, boolean prewarm,
      Console console, Path stateDir) throws Exception {
    Path props = Secrets.write(stateDir, s.server.connectionProperties(), "jmh");
    try (Connection stats = s.server.connect();
        PrintStream log = new PrintStream(Files.newOutputStream(rec.dir.dir.resolve("jmh.log")), true, "UTF-8")) {
      Map<String, String> conn = new LinkedHashMap<>();
      conn.put(CatalogQueryState.URL, s.server.connectUrl());
      conn.put(CatalogQueryState.PROPS, props.toString());
      conn.put(CatalogQueryState.SEED, Long.toString(s.spec.seed()));
      console.say(String.format(Locale.ROOT, "bench: jmh: %d benchmarks, %d fork(s), about %d s", selected.size() + 1, settings.forks(),
          settings.estimate(selected.size() + 1).toSeconds()));
      DbMetrics.CacheState cache = DbMetrics.prepareCache(s.server, prewarm);
      rec.settings.prewarm(cache.note());
      quiet(DbMetrics.awaitQuiescence(stats, 5_000), rec, console);
      StatsSnapshot before = DbMetrics.snapshot(stats);
      Collection<RunResult> results = run(settings, selected, conn, rec.dir.dir, log, console);
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

  private static Collection<RunResult> run(JmhSettings settings, List<CatalogQuery> selected, Map<String, String> conn, Path dir,
      PrintStream log, Console console) throws Exception {
    try {
      return JmhLauncher.run(settings, selected, true, conn, dir.resolve("jmh.json"), log, console::say);
    } catch (org.openjdk.jmh.runner.RunnerException e) {
      if (String.valueOf(e.getMessage()).contains("JMH lock")) {
        throw BenchException.environment("another JMH benchmark is running on this machine (it holds JMH's lock,"
            + " /tmp/jmh.lock): two at once would measure each other; wait until it ends (APEX_BENCH_JAVA_OPTS=-Djmh.ignoreLock=true"
            + " runs anyway)", e);
      }
      throw e;
    }
  }

  /** Measured entries in catalog order, each with its plan. */
  public static List<QueryResult> merge(List<QueryResult> measured, List<QueryResult> plans) {
    List<QueryResult> out = new ArrayList<>();
    for (QueryResult p : plans) {
      QueryResult m = measured.stream().filter(q -> q.name().equals(p.name())).findFirst().orElse(p);
      out.add(m.withPlan(p.plan()));
    }
    return out;
  }

  private static void quiet(boolean clean, RunRecorder rec, Console console) {
    if (!clean) {
      rec.uncleanWindow(console);
    }
  }
}
