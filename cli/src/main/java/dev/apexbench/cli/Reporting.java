package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import dev.apexbench.reports.write.ReportWriter;
import dev.apexbench.reports.write.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The end of every measuring command: evaluate the targets (and a baseline comparison, when
 * given), write results.json, index.html, summary.md and junit.xml into the run directory, and
 * print the verdict table.
 */
final class Reporting {
  private Reporting() {}

  static Results finish(RunRecorder rec, Targets targets, Comparison comparison, PrintWriter out, Console console) {
    Results r = rec.results();
    if (comparison != null) {
      r = r.withComparison(comparison);
    }
    r = Evaluator.evaluate(r, targets);
    try {
      ResultsIO.write(rec.dir.dir, r);
      ReportWriter.writeAll(rec.dir.dir, r);
    } catch (ReportsException e) {
      throw BenchException.environment(e.getMessage(), e);
    }
    out.println();
    out.print(Summary.terminalTable(r));
    out.flush();
    Path rel = CommonOptions.home().relativize(rec.dir.dir);
    console.say("bench: report in " + rel + "/index.html (also results.json, summary.md, junit.xml)");
    return r;
  }

  static int exitCode(Results r) {
    return "pass".equals(r.verdict()) ? 0 : 1;
  }
}
