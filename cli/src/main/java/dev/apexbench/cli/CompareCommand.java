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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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

  @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = "15", description = "The smallest change that counts, in percent (run-to-run drift of one build on a shared machine reaches 10 %%). Default: ${DEFAULT-VALUE}.")
  double minEffect;

  @Option(names = "--min-effect-ms", paramLabel = "MS", defaultValue = "0.1",
      description = "The smallest absolute change that counts, in milliseconds (sub-millisecond tails move by tens of microseconds between runs of the same build). Default: ${DEFAULT-VALUE}.")
  double minEffectMs;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.01", description = "Significance level of the tests. Default: ${DEFAULT-VALUE}.")
  double alpha;

  @Option(names = "--force", description = "Compare even if dataset, scale, profile, server settings or machine differ.")
  boolean force;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write the comparison. Default: reports/<current-run-id>-compare/.")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on stdout (verdict, changed metrics, paths) instead of the table.")
  boolean json;

  @Mixin TargetsOptions targets;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Bench.configureLogging(common.verbose);
    CompareOptions options = options(minEffect, minEffectMs, alpha, force);
    Path cur = current != null ? current : RunDirectory.reportsRoot().resolve("latest");
    Results base = read("BASELINE", baseline);
    Results now = read("CURRENT", cur);
    Comparison c;
    try {
      c = dev.apexbench.reports.compare.Comparator.compare(base, now, options);
    } catch (CompareException e) {
      throw BenchException.usage(e.getMessage());
    }
    // bench compare is the regression gate: its verdict and exit code are the comparison's
    Results judged = Evaluator.evaluate(now.withComparison(c), targets.load(), "regression", java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    Path dir = RunDirectory.comparisonDir(RunDirectory.reportsRoot(), now.run() == null ? null : now.run().id(), out);
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
      print(spec.commandLine().getOut(), c);
    }
    spec.commandLine().getErr().println("bench: comparison written to " + dir.resolve("index.html") + " (the compared runs are unchanged)");
    return exit;
  }

  /** The comparison's settings, checked: one line naming the option, the value and what is allowed. */
  static CompareOptions options(double minEffect, double minEffectMs, double alpha, boolean force) {
    if (!(minEffect >= 0 && minEffect <= 1000)) {
      throw BenchException.usage("--min-effect: '" + plain(minEffect) + "' is not allowed (allowed: 0 to 1000 percent)");
    }
    if (!(minEffectMs >= 0 && minEffectMs <= 60_000)) {
      throw BenchException.usage("--min-effect-ms: '" + plain(minEffectMs) + "' is not allowed (allowed: 0 to 60000 ms)");
    }
    if (!(alpha > 0 && alpha < 0.5)) {
      throw BenchException.usage("--alpha: '" + plain(alpha) + "' is not allowed (allowed: more than 0 and less than 0.5, e.g. 0.01)");
    }
    return new CompareOptions(minEffect, minEffectMs, alpha, force);
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static Results read(String what, Path p) {
    try {
      return ResultsIO.read(p);
    } catch (ReportsException e) {
      throw BenchException.usage(what + ": " + e.getMessage());
    }
  }

  static void print(PrintWriter out, Comparison c) {
    out.printf(Locale.ROOT, "%-40s %-8s %12s %12s %9s %9s %9s %14s  %s%n", "subject", "metric", "baseline", "current", "change", "p",
        "p(Holm)", "can see >=", "verdict");
    for (Comparison.MetricChange m : c.metrics()) {
      String sees = m.pValue() == null ? "not tested" : m.detectableMs() == null ? "nothing" : String.format(Locale.ROOT, "%.3g ms", m.detectableMs());
      out.printf(Locale.ROOT, "%-40s %-8s %12.3f %12.3f %+8.1f%% %9s %9s %14s  %s%n", ExplainCommand.truncate(m.subject(), 40), m.metric(), m.baseline(),
          m.current(), m.changePct(), m.pValue() == null ? "" : String.format(Locale.ROOT, "%.3g", m.pValue()),
          m.pAdjusted() == null ? "" : String.format(Locale.ROOT, "%.3g", m.pAdjusted()), sees, m.verdict());
    }
    for (String mismatch : c.mismatches()) {
      out.println("differs (forced): " + mismatch);
    }
    c.notes().forEach(n -> out.println("note: " + n));
    out.printf(Locale.ROOT, "verdict: %s (minimum effect %.0f %% and %s ms, alpha %s over all metrics, Holm-corrected)%n", c.verdict(),
        c.minEffectPct(), c.minEffectMs(), c.alpha());
    out.flush();
  }
}
