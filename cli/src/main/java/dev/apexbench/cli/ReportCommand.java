package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.write.ReportWriter;
import dev.apexbench.reports.write.Summary;
import java.nio.file.Files;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench report [RUN_DIR]}: rebuild index.html, summary.md and junit.xml from results.json. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {"Rebuild index.html, summary.md and junit.xml of a run from its results.json (results.json is not changed).",
      "Exit 0 when the stored verdict is pass, 1 when it is fail."})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR", description = "A run directory or its results.json. Default: reports/latest.")
  Path run;

  @picocli.CommandLine.Option(names = "--json", description = "Print one JSON object on stdout instead of the table.")
  boolean json;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Workspace ws = common.workspace();
    Path target = run != null ? run : ws.defaultReportsRoot().resolve("latest");
    Path dir = Files.isDirectory(target) ? target : target.toAbsolutePath().getParent();
    try {
      Results r = ResultsIO.read(target);
      ReportWriter.writeAll(dir, r);
      if (json) {
        spec.commandLine().getOut().println(JsonSummary.of(r, dir, Reporting.exitCode(r)));
      } else {
        spec.commandLine().getOut().print(Summary.terminalTable(r));
      }
      spec.commandLine().getOut().flush();
      spec.commandLine().getErr().println("bench: rebuilt " + dir.resolve("index.html") + ", summary.md, junit.xml");
      return Reporting.exitCode(r);
    } catch (ReportsException e) {
      throw BenchException.usage("RUN_DIR: " + e.getMessage());
    }
  }
}
