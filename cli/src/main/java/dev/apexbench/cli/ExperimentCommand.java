package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.Provider;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.harness.experiment.ExperimentRun;
import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench experiment}: schema variants side by side on the same server and dataset scale. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure schema variants one after the other on the same server and dataset scale (explain and JMH each),",
      "and compare every variant with the first: per query p50/p95 and plan side by side, the change with the",
      "statistics of bench compare, index sizes and build times. Informs, does not gate: the exit code is 0",
      "when every variant was measured (each variant's own target verdict is in the results)."
    })
final class ExperimentCommand implements Callable<Integer>, ShowsTable {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin CacheOptions cache;

  @Option(names = "--variants", paramLabel = "V1,V2,...", defaultValue = "report,report+gin,report+jsonb",
      description = "Schema variants to measure, the first the reference; at least two of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
      split = ",")
  List<String> variants;

  @Option(names = "--with-load", description = "Also drive each variant with the profile's full load through the api (reads and writes,"
      + " as bench load) and show each endpoint group's p95 side by side.")
  boolean withLoad;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    db.spec();
    MeasureRequest m = measure.request();
    if (spec.commandLine().getParseResult().hasMatchedOption("--schema-variant")) {
      throw BenchException.usage("--schema-variant: an experiment takes its variants from --variants (allowed: --variants "
          + SchemaVariant.labels().replace(", ", ",") + ")");
    }
    List<SchemaVariant> list = new ArrayList<>();
    for (String v : variants) {
      SchemaVariant sv = SchemaVariant.find(v.strip()).orElseThrow(() -> BenchException.usage("--variants: '" + v.strip()
          + "' is not allowed (allowed: " + SchemaVariant.labels() + ")"));
      if (list.contains(sv)) {
        throw BenchException.usage("--variants: '" + v.strip() + "' is given twice (allowed: each variant once)");
      }
      list.add(sv);
    }
    if (list.size() < 2) {
      throw BenchException.usage("--variants: " + String.join(",", variants) + " names one variant (allowed: at least two, comma-separated)");
    }
    if (db.spec().provider() == Provider.EXTERNAL && !db.reset) {
      throw BenchException.usage("--reset: an experiment rebuilds the harness schema (apex_bench) for each variant, which on a server"
          + " the harness does not own it does only when told (allowed: add --reset; nothing outside apex_bench is touched)");
    }
    m.selected();
    Targets t = targets.load(ws.home());
    Path reportsRoot = output.reportsRoot(ws);
    return Reporting.exitCode(ExperimentRun.run(ws, db.session(data), list, m, cache.prewarm(), withLoad, t, reportsRoot));
  }

  @Override
  public void table(Results r, PrintWriter out) {
    PlanningTables.experiment(out, r.experiment());
  }
}
