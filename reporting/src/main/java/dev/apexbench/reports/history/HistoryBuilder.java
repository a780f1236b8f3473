package dev.apexbench.reports.history;

import static java.util.Comparator.comparing;

import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.History;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.apexbench.reports.compare.CompareOptions;

/**
 * Trends over stored runs: every results.json under a reports root, grouped by what makes runs
 * comparable, per query, endpoint and group p50/p95 over time with the targets, and the changes
 * bench compare's statistics find between consecutive runs.
 */
public final class HistoryBuilder {
  /** Consecutive runs are compared with bench compare's defaults, without --force: a group holds only comparable runs. */
  private static final CompareOptions COMPARE = new CompareOptions(15, 0.1, 0.01, false);

  private HistoryBuilder() {}

  public static History history(Path root, int last, String metricGlob) throws Exception {
    List<Results> runs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int unreadable = read(root, runs, notes);
    PathMatcher m = metricGlob == null ? null : java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + metricGlob);
    Map<String, List<Results>> byIdentity = new LinkedHashMap<>();
    runs.stream().sorted(comparing((Results r) -> r.run().startedAt()))
        .forEach(r -> byIdentity.computeIfAbsent(r.run().command() + "|" + Comparator.comparabilityKey(r), k -> new ArrayList<>()).add(r));
    List<History.Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<Results>> e : byIdentity.entrySet()) {
      List<Results> rs = e.getValue();
      groups.add(group(identity(rs.get(0), e.getKey()), rs.subList(Math.max(0, rs.size() - last), rs.size()), m));
    }
    return new History(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), runs.size(), unreadable,
        groups, notes);
  }

  /** Every readable run under {@code root} into {@code runs}; returns how many were unreadable (each said in {@code notes}). */
  private static int read(Path root, List<Results> runs, List<String> notes) throws java.io.IOException {
    int unreadable = 0;
    if (!Files.isDirectory(root)) {
      return 0;
    }
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
          notes.add(oneLine(e));
        }
      }
    }
    return unreadable;
  }

  /** One group of comparable runs, oldest first: its series and the changes between consecutive runs. */
  private static History.Group group(String identity, List<Results> rs, PathMatcher m) {
    Map<String, Double[]> values = new LinkedHashMap<>();
    Map<String, Double> limits = new LinkedHashMap<>();
    for (int i = 0; i < rs.size(); i++) {
      values(rs.get(i), i, rs.size(), m, values, limits);
    }
    Map<String, List<History.Change>> changes = changes(rs);
    List<History.Series> series = new ArrayList<>();
    values.forEach((k, v) -> {
      String[] parts = k.split("\\|", 2);
      series.add(new History.Series(parts[0], parts[1], java.util.Arrays.asList(v), limits.get(k), changes.getOrDefault(k, List.of())));
    });
    List<History.RunRef> refs = rs.stream().map(r -> new History.RunRef(r.run().id(), r.run().command(), r.run().startedAt(),
        r.run().gitCommit(), r.verdict())).toList();
    return new History.Group(identity, refs, series);
  }

  /** Run {@code i}'s p50/p95 per query, endpoint, group and total into {@code values}, its latency limits into {@code limits}. */
  private static void values(Results r, int i, int n, PathMatcher m, Map<String, Double[]> values, Map<String, Double> limits) {
    for (QueryResult q : r.queries() == null ? List.<QueryResult>of() : r.queries()) {
      put(values, q.name() + "|p50_ms", i, n, q.p50Ms(), m);
      put(values, q.name() + "|p95_ms", i, n, q.p95Ms(), m);
    }
    if (r.load() != null && r.load().total() != null) {
      put(values, "load total|p50_ms", i, n, r.load().total().p50Ms(), m);
      put(values, "load total|p95_ms", i, n, r.load().total().p95Ms(), m);
    }
    if (r.load() != null && r.load().groups() != null) {
      for (var g : r.load().groups()) {
        put(values, "load " + g.name() + "|p50_ms", i, n, g.p50Ms(), m);
        put(values, "load " + g.name() + "|p95_ms", i, n, g.p95Ms(), m);
      }
    }
    if (r.load() != null && r.load().endpoints() != null) {
      for (var ep : r.load().endpoints()) {
        put(values, "load " + ep.name() + "|p50_ms", i, n, ep.p50Ms(), m);
        put(values, "load " + ep.name() + "|p95_ms", i, n, ep.p95Ms(), m);
      }
    }
    for (TargetResult t : r.targets() == null ? List.<TargetResult>of() : r.targets()) {
      if ("load".equals(t.kind()) && "p95_ms".equals(t.metric()) && t.actual() != null) {
        put(values, "load " + t.subject() + "|p95_ms", i, n, t.actual(), m);
      }
      if (("query".equals(t.kind()) || "load".equals(t.kind())) && t.metric().endsWith("_ms") && t.limit() > 0) {
        limits.put((t.kind().equals("load") ? "load " : "") + t.subject() + "|" + t.metric(), t.limit());
      }
    }
  }

  /** The changes bench compare's statistics find between consecutive runs, per subject and metric. */
  private static Map<String, List<History.Change>> changes(List<Results> rs) {
    Map<String, List<History.Change>> changes = new LinkedHashMap<>();
    for (int i = 1; i < rs.size(); i++) {
      Comparison c;
      try {
        c = Comparator.compare(rs.get(i - 1), rs.get(i), COMPARE);
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
    return changes;
  }

  private static void put(Map<String, Double[]> values, String key, int i, int n, Double v, PathMatcher m) {
    if (v == null || (m != null && !m.matches(Path.of(key.substring(0, key.indexOf('|')).replace('/', '_'))))) {
      return;
    }
    values.computeIfAbsent(key, k -> new Double[n])[i] = v;
  }

  /**
   * A group's name for people: the parts of the comparability key a reader recognises, and a short
   * digest of the whole key (dataset fingerprint, workload and server settings, machine, cache start).
   */
  public static String identity(Results r, String key) {
    return identity(r) + " · key " + Integer.toHexString(key.hashCode());
  }

  /** What makes runs comparable, for people: dataset, profile, server and machine kind. */
  public static String identity(Results r) {
    var run = r.run();
    String scale = run.scale() == null ? "?" : run.scale().stripTrailingZeros().toPlainString();
    String server = run.db() == null ? "no database" : run.db().provider() + " PostgreSQL " + run.db().serverVersion();
    String machine = run.machine() == null ? "unknown machine" : run.machine().cores() + " cores, " + run.machine().os() + ", "
        + run.machine().jvm();
    return "command " + run.command() + " · profile " + run.profile() + " · scale " + scale + " · seed " + run.seed() + " · schema " + run.schemaVariant() + " · " + server
        + " · " + machine;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
