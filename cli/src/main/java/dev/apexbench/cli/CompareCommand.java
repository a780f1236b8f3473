package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.compare.CompareException;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.write.ReportWriter;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.RunDirectory;
import dev.apexbench.harness.run.Workspace;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench compare BASELINE [CURRENT]}: per-metric change, judged by a statistical test on
 * per-unit values (JMH iterations, load intervals) with Holm's correction plus minimum effect
 * sizes. Read-only on both inputs: the comparison goes to a new directory ({@code
 * reports/<current-id>-compare/} or {@code --out DIR}). Exit 0 no regression, 1 a regression, 2
 * refused or bad input.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare two runs metric by metric: change, a rank test on per-iteration (queries) and per-interval (load) values",
      "with Holm's correction, and minimum effect sizes (so two runs of the same build do not trip it), and the smallest",
      "change each metric could detect. Refuses runs whose dataset, profile, server, settings or machine differ unless",
      "--force. Read-only on both runs: writes results.json, index.html, summary.md and junit.xml of the comparison to",
      "reports/<current-run-id>-compare/ (or --out). Exit 0 no regression (or one accepted in the targets file), 1 a regression, 2 refused or bad input."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASELINE", description = "Baseline run directory or results.json.")
  Path baseline;

  @Parameters(index = "1", arity = "0..1", paramLabel = "CURRENT", description = "Current run directory or results.json. Default: reports/latest.")
  Path current;

  @Mixin EffectOptions effect;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.01", description = "Significance level of the tests. Default: ${DEFAULT-VALUE}.")
  double alpha;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the comparison. Default: reports/<current-run-id>-compare/.")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on stdout (verdict, changed metrics, paths) instead of the table.")
  boolean json;

  @Mixin TargetsOptions targets;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Workspace ws = common.workspace();
    CompareOptions options = effect.options(alpha);
    Path cur = current != null ? current : ws.defaultReportsRoot().resolve("latest");
    Results base = read("BASELINE", baseline);
    Results now = read("CURRENT", cur);
    options = effect.withCalibration(options, effect.calibration(), now);
    Comparison c;
    try {
      c = dev.apexbench.reports.compare.Comparator.compare(base, now, options);
    } catch (CompareException e) {
      throw BenchException.usage(e.getMessage());
    }
    // bench compare is the regression gate: its verdict and exit code are the comparison's
    Results judged = Evaluator.evaluate(now.withComparison(c), targets.load(ws.home()), "regression", java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    Path dir = RunDirectory.comparisonDir(ws.defaultReportsRoot(), now.run() == null ? null : now.run().id(), out);
    try {
      ResultsIO.write(dir, judged);
      ReportWriter.writeAll(dir, judged);
    } catch (ReportsException e) {
      throw BenchException.environment(e.getMessage(), e);
    }
    // the regression gate's verdict: a regression (not accepted in the targets file) or a failed phase of the current run
    int exit = Reporting.exitCode(judged);
    if (json) {
      spec.commandLine().getOut().println(JsonSummary.of(judged, dir, exit));
      spec.commandLine().getOut().flush();
    } else {
      Tables.comparison(spec.commandLine().getOut(), c);
      spec.commandLine().getOut().flush();
    }
    spec.commandLine().getErr().println("bench: comparison written to " + dir.resolve("index.html") + " (the compared runs are unchanged)");
    return exit;
  }

  private static Results read(String what, Path p) {
    try {
      return ResultsIO.read(p);
    } catch (ReportsException e) {
      throw BenchException.usage(what + ": " + e.getMessage());
    }
  }
}
