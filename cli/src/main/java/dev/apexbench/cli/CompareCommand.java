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
import java.nio.file.Files;
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
 * {@code bench compare BASELINE [CURRENT]}: per-metric change with a confidence interval, judged
 * by a statistical test on the recorded histograms plus a minimum effect size. Writes the
 * comparison into CURRENT's report. Exit 0 no regression, 1 a regression, 2 refused or bad input.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare two runs metric by metric: change, confidence interval, a statistical test on the recorded histograms",
      "and a minimum effect size (so two runs of the same build do not trip it). Refuses runs whose dataset, profile or",
      "server settings differ unless --force. Writes the comparison into CURRENT's report.",
      "Exit 0 no regression, 1 a regression, 2 refused or bad input."
    })
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASELINE", description = "Baseline run directory or results.json.")
  Path baseline;

  @Parameters(index = "1", arity = "0..1", paramLabel = "CURRENT", description = "Current run directory or results.json. Default: reports/latest.")
  Path current;

  @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = "10", description = "The smallest change that counts, in percent. Default: ${DEFAULT-VALUE}.")
  double minEffect;

  @Option(names = "--min-effect-ms", paramLabel = "MS", defaultValue = "0.1",
      description = "The smallest absolute change that counts, in milliseconds (sub-millisecond tails move by tens of microseconds between runs of the same build). Default: ${DEFAULT-VALUE}.")
  double minEffectMs;

  @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.01", description = "Significance level of the tests. Default: ${DEFAULT-VALUE}.")
  double alpha;

  @Option(names = "--force", description = "Compare even if dataset, scale, profile or server settings differ.")
  boolean force;

  @Mixin TargetsOptions targets;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Bench.configureLogging(common.verbose);
    if (!(minEffect >= 0 && minEffect <= 1000)) {
      throw BenchException.usage("--min-effect: '" + minEffect + "' is not allowed (allowed: 0 to 1000 percent)");
    }
    if (!(minEffectMs >= 0 && minEffectMs <= 60_000)) {
      throw BenchException.usage("--min-effect-ms: '" + minEffectMs + "' is not allowed (allowed: 0 to 60000 ms)");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw BenchException.usage("--alpha: '" + alpha + "' is not allowed (allowed: more than 0 and less than 1, e.g. 0.01)");
    }
    Path cur = current != null ? current : RunDirectory.reportsRoot().resolve("latest");
    Results base = read("BASELINE", baseline);
    Results now = read("CURRENT", cur);
    Comparison c;
    try {
      c = dev.apexbench.reports.compare.Comparator.compare(base, now, new CompareOptions(minEffect, minEffectMs, alpha, force));
    } catch (CompareException e) {
      throw BenchException.usage(e.getMessage());
    }
    Results judged = Evaluator.evaluate(now.withComparison(c), targets.load());
    Path dir = Files.isDirectory(cur) ? cur : cur.toAbsolutePath().getParent();
    try {
      ResultsIO.write(dir, judged);
      ReportWriter.writeAll(dir, judged);
    } catch (ReportsException e) {
      throw BenchException.environment(e.getMessage(), e);
    }
    print(spec.commandLine().getOut(), c);
    spec.commandLine().getErr().println("bench: comparison written into " + dir.resolve("index.html"));
    return Comparison.REGRESSION.equals(c.verdict()) ? 1 : 0;
  }

  private static Results read(String what, Path p) {
    try {
      return ResultsIO.read(p);
    } catch (ReportsException e) {
      throw BenchException.usage(what + ": " + e.getMessage());
    }
  }

  static void print(PrintWriter out, Comparison c) {
    String level = String.format(Locale.ROOT, "%.0f%% CI of change", (1 - c.alpha()) * 100);
    out.printf(Locale.ROOT, "%-40s %-8s %12s %12s %9s %21s %9s  %s%n", "subject", "metric", "baseline", "current", "change", level, "p", "verdict");
    for (Comparison.MetricChange m : c.metrics()) {
      String ci = m.ciLowPct() == null ? "" : String.format(Locale.ROOT, "[%+.1f %%, %+.1f %%]", m.ciLowPct(), m.ciHighPct());
      out.printf(Locale.ROOT, "%-40s %-8s %12.3f %12.3f %+8.1f%% %21s %9s  %s%n", ExplainCommand.truncate(m.subject(), 40), m.metric(), m.baseline(), m.current(),
          m.changePct(), ci, m.pValue() == null ? "" : String.format(Locale.ROOT, "%.3g", m.pValue()), m.verdict());
    }
    for (String mismatch : c.mismatches()) {
      out.println("differs (forced): " + mismatch);
    }
    out.printf(Locale.ROOT, "verdict: %s (minimum effect %.0f %% and %s ms, alpha %s)%n", c.verdict(), c.minEffectPct(), c.minEffectMs(), c.alpha());
    out.flush();
  }
}
