package dev.apexbench.harness.run;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import dev.apexbench.reports.write.ReportWriter;
import java.nio.file.Path;

/**
 * The end of every measuring command: evaluate the targets (and a baseline comparison, when
 * given), write results.json, index.html, summary.md and junit.xml into the run directory, point
 * {@code latest} at it, and show the verdict through the workspace's presenter.
 */
public final class Reporting {
  private Reporting() {}

  /**
   * Writes the run's files once (unless the Ctrl-C hook wrote them first: then this throws the
   * "interrupted" exception, exit 130) and returns the judged results.
   */
  public static Results finish(Workspace ws, RunRecorder rec, Targets targets, Comparison comparison) {
    Results written = rec.finishOnce(() -> write(ws, rec, targets, comparison));
    ws.untrack(rec);
    if (written == null) {
      throw BenchException.interrupted();
    }
    return written;
  }

  static Results write(Workspace ws, RunRecorder rec, Targets targets, Comparison comparison) {
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
    ws.present(r, rec.dir.dir, exitCode(r));
    Path rel = ws.home().relativize(rec.dir.dir);
    ws.console().say("bench: report in " + rel + "/index.html (also results.json, summary.md, junit.xml)");
    return r;
  }

  /** 0 pass, 1 fail, 130 interrupted. */
  public static int exitCode(Results r) {
    return "pass".equals(r.verdict()) ? 0 : "interrupted".equals(r.verdict()) ? 130 : 1;
  }
}
