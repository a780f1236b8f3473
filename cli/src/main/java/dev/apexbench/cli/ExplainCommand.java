package dev.apexbench.cli;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.explain.Explainer;
import dev.apexbench.db.explain.PlanSummary;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench explain}: EXPLAIN (ANALYZE, BUFFERS) every catalog query with sampled parameters
 * and flag any query that does not use its intended index (exit 1).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) every catalog query as the benchmark runs it: its JDBC prepared",
      "statement (same parameter types), under plan_cache_mode force_custom_plan and force_generic_plan, with",
      "several parameter sets including the largest tenant's. A query fails (exit 1) when a plan misses its",
      "intended index or reads a relation that has an intended index by a sequential scan."
    })
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--queries", paramLabel = "GLOB", description = "Catalog entries to explain, e.g. 'simple.*,jsonb.*'. Default: all.")
  String queries;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    db.spec();
    List<CatalogQuery> selected = QueryCatalog.select(queries);
    var t = targets.load();
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    Path reportsRoot = output.reportsRoot();
    Reporting.installInterruptHook(spec.commandLine().getOut());
    PrintWriter out = spec.commandLine().getOut();
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(reportsRoot, "explain", null), "explain", null);
    rec.settings.put("queries", queries == null ? "*" : queries);
    int violations = 0;
    Results r;
    try (Session s = rec.phase("provision+seed", () -> Session.open(db, data, console))) {
      s.describeInto(rec);
      List<QueryResult> results = rec.phase("explain", () -> explainAll(s, selected));
      rec.queries = results;
      violations = (int) results.stream().filter(q -> q.plan().violation()).count();
      if (!output.json) {
        printTable(out, results);
      }
    } finally {
      r = Reporting.finish(rec, t, null, out, console);
    }
    if (violations > 0 && !output.json) {
      out.printf(Locale.ROOT, "%d plan violation(s): a query did not use its intended index%n", violations);
      out.flush();
    }
    return Reporting.exitCode(r); // a violation fails unless targets.yaml says plans.require_intended_index: false
  }

  static List<QueryResult> explainAll(Session s, List<CatalogQuery> selected) throws Exception {
    List<QueryResult> results = new ArrayList<>();
    try (Connection c = s.server.connect()) {
      for (CatalogQuery q : selected) {
        PlanSummary p = Explainer.explain(c, q, s.variant, Explainer.paramSets(c, q, s.spec.seed(), EXPLAIN_SAMPLES));
        results.add(JmhSummary.emptyResult(q, s.variant).withPlan(ResultsMapper.plan(p)));
      }
    }
    return results;
  }

  /** Sampled parameter sets per query (the largest tenant's is added), each explained under both plan-cache modes. */
  private static final int EXPLAIN_SAMPLES = 3;

  static void printTable(PrintWriter out, List<QueryResult> results) {
    out.printf(Locale.ROOT, "%-34s %-12s %-36s %-44s %8s %9s  %s%n", "query", "class", "intended", "plan uses", "rows", "exec_ms", "check");
    for (QueryResult q : results) {
      var p = q.plan();
      String uses =
          p.indexesUsed().isEmpty()
              ? String.join(", ", p.nodeTypes().stream().filter(t -> t.contains("Scan")).toList()) + " on " + String.join(", ", p.relations())
              : String.join(", ", p.indexesUsed());
      String check = p.violation() ? "VIOLATION: " + failing(p) : p.usesIntendedIndex() == null ? "no index can serve it"
          : "ok (" + (p.checks() == null ? 1 : p.checks().size()) + " plans)";
      out.printf(
          Locale.ROOT,
          "%-34s %-12s %-36s %-44s %8d %9.3f  %s%n",
          q.name(),
          q.queryClass(),
          p.intended() == null ? "(none)" : p.intended(),
          truncate(uses, 44),
          p.rows(),
          p.executionMs(),
          check + (Boolean.TRUE.equals(p.genericPlan()) ? " (generic plan)" : ""));
    }
  }

  /** The first failing (mode, parameter set) and why. */
  static String failing(dev.apexbench.reports.model.Plan p) {
    if (p.checks() == null) {
      return "";
    }
    List<dev.apexbench.reports.model.Plan.Check> bad = p.checks().stream().filter(c -> !c.pass()).toList();
    if (bad.isEmpty()) {
      return "";
    }
    var c = bad.get(0);
    return c.mode() + ", " + c.paramSet() + ": " + c.reason() + (bad.size() > 1 ? " (+" + (bad.size() - 1) + " more)" : "");
  }

  static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
