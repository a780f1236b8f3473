package dev.apexbench.cli;

import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.measure.MeasureRun;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
final class JmhCommand implements Callable<Integer>, ShowsTable {
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    db.spec();
    MeasureRequest m = measure.request(); // --jmh-args checked before any work
    m.selected();
    Targets t = targets.load(ws.home());
    Path reportsRoot = output.reportsRoot(ws);
    return Reporting.exitCode(MeasureRun.jmh(ws, db.session(data), m, cache.prewarm(), t, reportsRoot));
  }

  @Override
  public void table(Results r, PrintWriter out) {
    Tables.jmh(out, r);
  }
}
