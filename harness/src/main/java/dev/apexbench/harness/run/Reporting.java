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

  /** The targets of the command running now, for the Ctrl-C hook (which writes an interrupted run's files). */
  private static volatile Targets currentTargets;

  /** Remembers the targets the running command judges with, before any phase runs. */
  static void judgeWith(Targets t) {
    currentTargets = t;
  }

  /**
   * Installs the Ctrl-C hook once per process: an interrupted measuring command still writes
   * results.json (what finished, "verdict": "interrupted") and its report files.
   */
  static void installInterruptHook(PrintWriter out) {
    if (HOOK.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> RunRecorder.onInterrupt(rec -> {
        Targets t = currentTargets;
        if (t != null) {
          rec.finishOnce(() -> write(rec, t, null, out, new Console(new PrintWriter(System.err, true), false)));
        }
      }), "apex-bench-interrupted"));
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean HOOK = new java.util.concurrent.atomic.AtomicBoolean();

  /** --json: the run ends with one JSON object on stdout instead of the terminal table. */
  private static volatile boolean json;

  static void jsonOutput(boolean on) {
    json = on;
  }

  static Results finish(RunRecorder rec, Targets targets, Comparison comparison, PrintWriter out, Console console) {
    Results written = rec.finishOnce(() -> write(rec, targets, comparison, out, console));
    if (written == null) {
      throw BenchException.interrupted();
    }
    return written;
  }

  private static Results write(RunRecorder rec, Targets targets, Comparison comparison, PrintWriter out, Console console) {
    Results r = rec.results();
    if (comparison != null) {
      r = r.withComparison(comparison);
    }
    r = Evaluator.evaluate(r, targets);
    try {
      ResultsIO.write(rec.dir.dir, r);
      rec.dir.markLatest();
      ReportWriter.writeAll(rec.dir.dir, r);
    } catch (ReportsException e) {
      throw BenchException.environment(e.getMessage(), e);
    }
    if (json) {
      out.println(JsonSummary.of(r, rec.dir.dir, exitCode(r)));
    } else {
      out.println();
      out.print(Summary.terminalTable(r));
    }
    out.flush();
    Path rel = CommonOptions.home().relativize(rec.dir.dir);
    console.say("bench: report in " + rel + "/index.html (also results.json, summary.md, junit.xml)");
    return r;
  }

  static int exitCode(Results r) {
    return "pass".equals(r.verdict()) ? 0 : "interrupted".equals(r.verdict()) ? 130 : 1;
  }
}
