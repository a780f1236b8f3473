package dev.apexbench.cli;

import dev.apexbench.reports.Json;
import dev.apexbench.reports.model.History;
import dev.apexbench.reports.write.HistoryReport;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.history.HistoryBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench history}: every stored run, grouped by comparable identity, as trends with change points. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Read every stored run (reports/*/results.json, or under --out), group the runs that can be compared (dataset,",
      "profile, server, machine kind), and write a trend report: per query and endpoint group, p50/p95 over time with",
      "the targets, and the changes bench compare's statistics find between consecutive runs. Writes",
      "<root>/history/index.html and history.json."
    })
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--last", paramLabel = "N", defaultValue = "20", description = "The newest N runs of each group. Default: ${DEFAULT-VALUE}.")
  int last;

  @Option(names = "--metric", paramLabel = "GLOB", description = "Only subjects matching, e.g. 'jsonb.*' or 'load *'. Default: all.")
  String metric;

  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    if (last < 2) {
      throw dev.apexbench.db.BenchException.usage("--last: " + last + " is not allowed (allowed: 2 or more runs per group)");
    }
    Path root = output.reportsRoot(ws);
    History h = HistoryBuilder.history(root, last, metric);
    Path dir = Files.createDirectories(root.resolve("history"));
    Json.MAPPER.writeValue(dir.resolve("history.json").toFile(), h);
    Files.writeString(dir.resolve("index.html"), HistoryReport.render(h));
    if (output.json) {
      spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(h));
    } else {
      spec.commandLine().getOut().printf("%d runs read%s, %d comparable groups; %d changes between consecutive runs%n", h.runsRead(),
          h.unreadable() == 0 ? "" : " (" + h.unreadable() + " unreadable)", h.groups().size(),
          h.groups().stream().flatMap(g -> g.series().stream()).mapToLong(s -> s.changes().size()).sum());
      spec.commandLine().getOut().println("bench: history in " + dir.resolve("index.html") + " (and history.json)");
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
