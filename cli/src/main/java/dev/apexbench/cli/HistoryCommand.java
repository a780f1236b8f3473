package dev.apexbench.cli;

import dev.apexbench.reports.Json;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.History;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.write.HistoryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import static java.util.Comparator.comparing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
    Bench.configureLogging(common.verbose);
    if (last < 2) {
      throw dev.apexbench.db.BenchException.usage("--last: " + last + " is not allowed (allowed: 2 or more runs per group)");
    }
    Path root = output.reportsRoot();
    History h = history(root, last, metric);
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

  static History history(Path root, int last, String metricGlob) throws Exception {
    List<Results> runs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int unreadable = 0;
    if (Files.isDirectory(root)) {
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path d : dirs.sorted().toList()) {
          Path f = d.resolve(ResultsIO.FILE_NAME);
          if (Files.isSymbolicLink(d) || !Files.isRegularFile(f)) {
            continue;
          }
          try {
            Results r = ResultsIO.read(f);
            if (r.run() != null && r.run().startedAt() != null) {
              runs.add(r);
            }
          } catch (RuntimeException e) {
            unreadable++;
            notes.add(RunRecorder.oneLine(e));
          }
        }
      }
    }
    PathMatcher m = metricGlob == null ? null : java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + metricGlob);
    Map<String, List<Results>> byIdentity = new LinkedHashMap<>();
    runs.stream().sorted(comparing((Results r) -> r.run().startedAt()))
        .forEach(r -> byIdentity.computeIfAbsent(identity(r), k -> new ArrayList<>()).add(r));
    List<History.Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Results>> e : byIdentity.entrySet()) {
      List<Results> rs = e.getValue();
      rs = rs.subList(Math.max(0, rs.size() - last), rs.size());
      Map<String, Double[]> values = new LinkedHashMap<>();
      Map<String, Double> limits = new LinkedHashMap<>();
      for (int i = 0; i < rs.size(); i++) {
        Results r = rs.get(i);
        for (QueryResult q : r.queries() == null ? List.<QueryResult>of() : r.queries()) {
          put(values, q.name() + "|p50_ms", i, rs.size(), q.p50Ms(), m);
          put(values, q.name() + "|p95_ms", i, rs.size(), q.p95Ms(), m);
        }
        if (r.load() != null && r.load().total() != null) {
          put(values, "load total|p95_ms", i, rs.size(), r.load().total().p95Ms(), m);
        }
        if (r.load() != null && r.load().endpoints() != null) {
          for (var ep : r.load().endpoints()) {
            put(values, "load " + ep.name() + "|p50_ms", i, rs.size(), ep.p50Ms(), m);
            put(values, "load " + ep.name() + "|p95_ms", i, rs.size(), ep.p95Ms(), m);
          }
        }
        for (TargetResult t : r.targets() == null ? List.<TargetResult>of() : r.targets()) {
          if ("load".equals(t.kind()) && "p95_ms".equals(t.metric()) && t.actual() != null) {
            put(values, "load " + t.subject() + "|p95_ms", i, rs.size(), t.actual(), m);
          }
          if (("query".equals(t.kind()) || "load".equals(t.kind())) && t.metric().endsWith("_ms") && t.limit() > 0) {
            limits.put((t.kind().equals("load") ? "load " : "") + t.subject() + "|" + t.metric(), t.limit());
          }
        }
      }
      Map<String, List<History.Change>> changes = new LinkedHashMap<>();
      for (int i = 1; i < rs.size(); i++) {
        Comparison c;
        try {
          c = Comparator.compare(rs.get(i - 1), rs.get(i), CompareCommand.options(15, 0.1, 0.01, true));
        } catch (RuntimeException ex) {
          continue; // nothing comparable between these two
        }
        for (Comparison.MetricChange mc : c.metrics() == null ? List.<Comparison.MetricChange>of() : c.metrics()) {
          if (Comparison.NO_CHANGE.equals(mc.verdict()) || mc.pValue() == null) {
            continue;
          }
          String key = mc.subject() + "|" + mc.metric();
          changes.computeIfAbsent(key, k -> new ArrayList<>()).add(new History.Change(i, mc.verdict(), mc.changePct(), mc.pAdjusted()));
        }
      }
      List<History.Series> series = new ArrayList<>();
      values.forEach((k, v) -> {
        String[] parts = k.split("\\|", 2);
        series.add(new History.Series(parts[0], parts[1], java.util.Arrays.asList(v), limits.get(k), changes.getOrDefault(k, List.of())));
      });
      List<History.RunRef> refs = rs.stream().map(r -> new History.RunRef(r.run().id(), r.run().command(), r.run().startedAt(),
          r.run().gitCommit(), r.verdict())).toList();
      groups.add(new History.Group(e.getKey(), refs, series));
    }
    return new History(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), runs.size(), unreadable,
        groups, notes);
  }

  private static void put(Map<String, Double[]> values, String key, int i, int n, Double v, PathMatcher m) {
    if (v == null || (m != null && !m.matches(Path.of(key.substring(0, key.indexOf('|')).replace('/', '_'))))) {
      return;
    }
    values.computeIfAbsent(key, k -> new Double[n])[i] = v;
  }

  /** What makes runs comparable: dataset, profile, server and machine kind. */
  static String identity(Results r) {
    var run = r.run();
    String scale = run.scale() == null ? "?" : run.scale().stripTrailingZeros().toPlainString();
    String server = run.db() == null ? "no database" : run.db().provider() + " PostgreSQL " + run.db().serverVersion();
    String machine = run.machine() == null ? "unknown machine" : run.machine().cores() + " cores, " + run.machine().os() + ", "
        + run.machine().jvm();
    return "command " + run.command() + " · profile " + run.profile() + " · scale " + scale + " · seed " + run.seed() + " · schema " + run.schemaVariant() + " · " + server
        + " · " + machine;
  }
}
