package dev.apexbench.cli;

import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.harness.measure.MeasureRun;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
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
final class ExplainCommand implements Callable<Integer>, ShowsTable {
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
    Workspace ws = common.workspace();
    db.spec();
    QueryCatalog.select(queries);
    Targets t = targets.load(ws.home());
    Path reportsRoot = output.reportsRoot(ws);
    Results r = MeasureRun.explain(ws, db.session(data), queries, t, reportsRoot);
    long violations = r.queries() == null ? 0 : r.queries().stream().filter(q -> q.plan() != null && q.plan().violation()).count();
    if (violations > 0 && !output.json) {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%d plan violation(s): a query did not use its intended index%n", violations);
      out.flush();
    }
    return Reporting.exitCode(r); // a violation fails unless targets.yaml says plans.require_intended_index: false
  }

  @Override
  public void table(Results r, PrintWriter out) {
    Tables.explain(out, r);
  }
}
