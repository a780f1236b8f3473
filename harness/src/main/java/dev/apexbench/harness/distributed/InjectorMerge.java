package dev.apexbench.harness.distributed;

import dev.apexbench.db.BenchException;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.gatling.RecorderState;
import dev.apexbench.harness.run.Environment;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.Schedule;
import dev.apexbench.reports.model.TargetResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Merges the runs of load injectors ({@code bench load --injector K/N}) into one load: their
 * recorders' states added exactly ({@link RecorderState#merge}: histograms added, counters summed,
 * timelines aligned by wall-clock second) and mapped like a single run's against the whole plan (N
 * times each injector's rate). The schedule verdict is the whole's (started users against the sum
 * of the rates) and every injector's own (its share, its arrival gaps); a missing injector fails it
 * and is named.
 */
public final class InjectorMerge {
  /** Keys of the plan each injector stores in its {@link RecorderState}. */
  public static final String PROFILE = "profile";
  public static final String SIMULATION = "simulation";
  public static final String SCALE = "scale";
  public static final String SEED = "seed";
  public static final String READ_RATE = "read_rate";
  public static final String WRITE_RATE = "write_rate";
  public static final String DURATION_MS = "duration_ms";
  public static final String BASE_URL = "base_url";
  public static final String INJECTOR = "injector";
  public static final String INJECTORS = "injectors";
  public static final String START_AT = "start_at";
  public static final String HOST = "host";
  public static final String GATLING_EXIT = "gatling_exit_code";

  /** What must agree between injectors of one run (the rates are per injector, so they must be equal too). */
  private static final List<String> IDENTITY = List.of(SCALE, SEED, PROFILE, SIMULATION, READ_RATE, WRITE_RATE, DURATION_MS, BASE_URL,
      START_AT, INJECTORS);

  /** One injector's run directory. */
  public record Part(Path dir, Results results, RecorderState.Stored state) {
    int index() {
      return ((Number) state.plan().get(INJECTOR)).intValue();
    }

    int count() {
      return ((Number) state.plan().get(INJECTORS)).intValue();
    }
  }

  /**
   * The merge: an outcome to map like a single run's (the merged recorder, the injectors' worst
   * Gatling exit code, no Gatling report), the whole plan, and every injector's line.
   */
  public record Merged(GatlingLauncher.Outcome outcome, LoadPlan plan, Map<String, Object> identity, List<Part> parts,
      List<Load.Injector> injectors, List<Integer> missing) {

    public int count() {
      return ((Number) identity.get(INJECTORS)).intValue();
    }
  }

  private InjectorMerge() {}

  /** The plan an injector stores with its state. */
  public static Map<String, Object> plan(LoadPlan plan, LoadRunInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(PROFILE, info.profile());
    m.put(SIMULATION, info.simulation());
    m.put(SCALE, info.scale());
    m.put(SEED, info.seed());
    m.put(READ_RATE, plan.readRate());
    m.put(WRITE_RATE, plan.writeRate());
    m.put(DURATION_MS, plan.duration().toMillis());
    m.put(BASE_URL, plan.baseUrl());
    m.put(INJECTOR, info.injector() == null ? 0 : info.injector().index());
    m.put(INJECTORS, info.injector() == null ? 1 : info.injector().count());
    m.put(START_AT, info.startAt() == null ? null : info.startAt().toString());
    m.put(HOST, Environment.hostName());
    m.put(GATLING_EXIT, info.gatlingExitCode());
    return m;
  }

  /** What an injector's run is, besides its plan. */
  public record LoadRunInfo(String profile, String simulation, String scale, long seed, InjectorSlot injector, Instant startAt,
      int gatlingExitCode) {}

  /**
   * The injector run directories under {@code dirs}: each is a run directory (it holds {@value
   * RecorderState#FILE}) or a directory holding some, up to three levels down.
   */
  public static List<Path> find(List<Path> dirs) {
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      if (!Files.isDirectory(d)) {
        throw BenchException.usage("merge: '" + d + "' is not a directory (allowed: injector run directories, or directories holding them)");
      }
      try (Stream<Path> s = Files.find(d, 4, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(RecorderState.FILE))) {
        s.map(Path::getParent).sorted().forEach(out::add);
      } catch (IOException e) {
        throw BenchException.environment("merge: cannot read " + d + ": " + e.getMessage(), e);
      }
    }
    List<Path> distinct = out.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    if (distinct.isEmpty()) {
      throw BenchException.usage("merge: no injector run under " + dirs + " (a run of `bench load --injector K/N` holds "
          + RecorderState.FILE + ")");
    }
    return distinct;
  }

  /**
   * Reads and merges injector runs. Refuses (exit 2, one line) runs that are not injectors of one
   * run (a different dataset, profile, simulation, rate, duration, target, start instant, count
   * or targets) unless {@code force}, and an injector given twice.
   */
  public static Merged merge(List<Path> runDirs, boolean force) {
    List<Part> parts = new ArrayList<>();
    for (Path d : runDirs) {
      parts.add(read(d));
    }
    parts.sort(Comparator.comparingInt(Part::index));
    checkOneRun(parts, force);
    Part first = parts.get(0);
    int n = parts.stream().mapToInt(Part::count).max().orElse(1);
    List<Integer> missing = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      final int kk = k;
      if (parts.stream().noneMatch(p -> p.index() == kk)) {
        missing.add(k);
      }
    }
    List<Path> states = parts.stream().map(p -> p.dir().resolve(RecorderState.FILE)).toList();
    List<Path> logs = parts.stream().map(p -> p.dir().resolve(LoadRecorder.HLOG)).filter(Files::isRegularFile).toList();
    RecorderState.Merged m = RecorderState.merge(states, logs);
    Map<String, Object> id = first.state().plan();
    LoadPlan whole = new LoadPlan(String.valueOf(id.get(BASE_URL)), number(id, READ_RATE) * n, number(id, WRITE_RATE) * n,
        Duration.ofMillis((long) number(id, DURATION_MS)), List.of(), Map.of(), List.of(), null);
    int exit = parts.stream().mapToInt(p -> p.state().plan().get(GATLING_EXIT) instanceof Number x ? x.intValue() : 0).max().orElse(0);
    List<Load.Injector> lines = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      lines.add(line(parts.get(i), m.offsetSeconds().get(i)));
    }
    for (int k : missing) {
      lines.add(new Load.Injector(k, n, "missing", null, id.get(START_AT) == null ? null : id.get(START_AT).toString(), null, null, null,
          null, false, "no run of this injector was found: its share of the load was not applied", null, null, null));
    }
    lines.sort(Comparator.comparingInt(Load.Injector::index));
    Map<String, Object> identity = new LinkedHashMap<>(id);
    identity.put(INJECTORS, n);
    return new Merged(new GatlingLauncher.Outcome(exit, m.recorder(), null), whole, identity, parts, lines, missing);
  }

  /** One injector's run directory: its results and its recorder's stored plan (refused in one line when it is not one). */
  private static Part read(Path d) {
    Path results = d.resolve(ResultsIO.FILE_NAME);
    if (!Files.isRegularFile(results)) {
      throw BenchException.usage("merge: " + d + " has " + RecorderState.FILE + " but no results.json (an injector that did not finish);"
          + " leave it out to merge the others");
    }
    RecorderState.Stored st;
    try {
      st = RecorderState.peek(d.resolve(RecorderState.FILE));
    } catch (IllegalArgumentException e) {
      throw BenchException.usage("merge: " + e.getMessage());
    }
    if (st.plan() == null || !(st.plan().get(INJECTOR) instanceof Number) || !(st.plan().get(INJECTORS) instanceof Number)) {
      throw BenchException.usage("merge: " + d + " is not an injector run (its " + RecorderState.FILE + " names no injector)");
    }
    return new Part(d, ResultsIO.read(results), st);
  }

  /** Injectors of one run: the same identity and targets (unless forced), each injector once. */
  private static void checkOneRun(List<Part> parts, boolean force) {
    Part first = parts.get(0);
    for (Part p : parts) {
      for (String key : IDENTITY) {
        Object a = norm(first.state().plan().get(key));
        Object b = norm(p.state().plan().get(key));
        if (!Objects.equals(a, b) && !force) {
          throw BenchException.usage("merge: " + p.dir() + " differs from " + first.dir() + " in " + key + " (" + b + " vs " + a
              + "): not injectors of one run (allowed: runs of one `--injector K/N` set; --force merges them anyway)");
        }
      }
      String targets = differentTargets(first.results(), p.results());
      if (targets != null && !force) {
        throw BenchException.usage("merge: " + p.dir() + " was judged with other targets than " + first.dir() + " (" + targets
            + "; allowed: the same targets file; --force merges them anyway)");
      }
    }
    for (int i = 1; i < parts.size(); i++) {
      if (parts.get(i).index() == parts.get(i - 1).index()) {
        throw BenchException.usage("merge: injector " + parts.get(i).index() + "/" + parts.get(i).count() + " appears twice: "
            + parts.get(i - 1).dir() + " and " + parts.get(i).dir() + " (allowed: each injector once)");
      }
    }
  }

  /**
   * The merged load with its injectors and the combined schedule verdict: the whole's check
   * (started users against the summed rates) and each injector's own; a missing injector fails it.
   */
  public static Load finish(Load load, Merged m, Path relativeTo) {
    List<Load.Injector> lines = m.injectors().stream()
        .map(i -> i.run() == null || relativeTo == null ? i : i.withRun(relative(relativeTo, Path.of(i.run())))).toList();
    List<String> failed = lines.stream().filter(i -> "ok".equals(i.status()) && Boolean.FALSE.equals(i.scheduleKept()))
        .map(i -> i.index() + "/" + i.count()).toList();
    Schedule s = load.schedule();
    boolean kept = s.kept() && failed.isEmpty() && m.missing().isEmpty();
    // the whole's arrival gaps are not known (each injector checked its own stream's): the longest of theirs is shown
    double gap = 0;
    double gapLimit = 0;
    for (Part p : m.parts()) {
      Schedule own = p.results().load() == null ? null : p.results().load().schedule();
      if (own != null && own.maxArrivalGapMs() >= gap) {
        gap = own.maxArrivalGapMs();
        gapLimit = own.arrivalGapLimitMs();
      }
    }
    long arrivals = m.outcome().recorder().arrivals();
    StringBuilder note = new StringBuilder(String.format(Locale.ROOT,
        "the injectors started %,d of %,.0f scheduled users (%.1f %%); largest backlog behind schedule %.2f s (%.2f s beyond the"
            + " random-arrival noise); longest gap between one injector's arrivals %.0f ms (limit %.0f ms at its rate)",
        arrivals, s.startedPct() > 0 ? arrivals * 100 / s.startedPct() : 0.0, s.startedPct(), s.backlogS(), s.backlogBeyondNoiseS(), gap,
        gapLimit));
    note.append(String.format(Locale.ROOT, "; %d of %d injectors ran", lines.size() - m.missing().size(), m.count()));
    if (!m.missing().isEmpty()) {
      note.append(", injector ").append(String.join(", ", m.missing().stream().map(k -> k + "/" + m.count()).toList()))
          .append(" missing (its share of the load was not applied)");
    }
    if (!failed.isEmpty()) {
      note.append("; injector ").append(String.join(", ", failed)).append(" did not keep its own schedule");
    } else if (m.missing().size() < m.count()) {
      note.append(m.missing().isEmpty() ? ", each keeping its own schedule" : "; the others kept their own schedule");
    }
    if (!kept && s.kept()) {
      note.append(": the load generator did not keep the schedule");
    }
    Schedule combined = new Schedule(kept, s.startedPct(), s.backlogS(), s.backlogBeyondNoiseS(), gap, gapLimit,
        s.lateGaps(), note.toString(), s.sentInWindow());
    Load out = load.withSchedule(kept && load.rateKept(), note.toString(), combined).withInjectors(lines);
    return out.pool() != null ? out : out.withPool(pool(m, lines));
  }

  /**
   * The api's pool as the injectors sampled it: every injector's samples on the merged timeline (its
   * offset added), utilisation over all of them; the acquire timer is the api's own counter, which
   * each injector read over the same window, so the largest of their counts is taken, not their sum.
   */
  static Load.PoolHealth pool(Merged m, List<Load.Injector> lines) {
    List<Load.PoolHealth.Sample> samples = new ArrayList<>();
    List<Load.PoolHealth> seen = new ArrayList<>();
    double max = 0;
    for (Part p : m.parts()) {
      Load.PoolHealth ph = p.results().load() == null ? null : p.results().load().pool();
      if (ph == null || ph.timeline() == null) {
        continue;
      }
      int offset = lines.stream().filter(l -> l.index() == p.index()).map(Load.Injector::offsetSeconds).filter(Objects::nonNull)
          .findFirst().orElse(0);
      ph.timeline().forEach(x -> samples.add(new Load.PoolHealth.Sample(x.t() + offset, x.active(), x.idle(), x.pending())));
      seen.add(ph);
      max = Math.max(max, ph.max());
    }
    if (samples.isEmpty() || max <= 0) {
      return null;
    }
    samples.sort(Comparator.comparingDouble(Load.PoolHealth.Sample::t));
    double size = max;
    double[] util = samples.stream().mapToDouble(x -> 100 * x.active() / size).sorted().toArray();
    java.util.function.IntFunction<Double> at = pct -> util[Math.max(0, (int) Math.ceil(pct / 100.0 * util.length) - 1)];
    Load.PoolHealth busiest = seen.stream().filter(x -> x.acquires() != null).max(Comparator.comparingLong(Load.PoolHealth::acquires))
        .orElse(null);
    return new Load.PoolHealth(samples.size(), size, r2(samples.stream().mapToDouble(Load.PoolHealth.Sample::active).average().orElse(0)),
        r2(at.apply(50)), r2(at.apply(95)), r2(util[util.length - 1]), seen.stream().mapToInt(Load.PoolHealth::pendingMax).max().orElse(0),
        samples, busiest == null ? null : busiest.acquires(), busiest == null ? null : busiest.acquireMeanMs(),
        seen.stream().map(Load.PoolHealth::acquireMaxMs).filter(Objects::nonNull).max(Double::compare).orElse(null));
  }

  private static double r2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** An injector's line in its own run (the list holds only itself). */
  public static Load.Injector self(Load load, InjectorSlot inj, Instant startAt, Instant startedAt, Path dir) {
    return line(load, inj.index(), inj.count(), Environment.hostName(), startAt == null ? null : startAt.toString(), startedAt, 0, dir);
  }

  private static Load.Injector line(Part p, int offset) {
    Object host = p.state().plan().get(HOST);
    Object startAt = p.state().plan().get(START_AT);
    return line(p.results().load(), p.index(), p.count(), host == null ? null : host.toString(), startAt == null ? null : startAt.toString(),
        Instant.ofEpochMilli(p.state().startEpochMs()), offset, p.dir());
  }

  /** A running injector's line: what its load recorded (its totals, its own schedule check, its generator's pauses). */
  private static Load.Injector line(Load l, int index, int count, String host, String startAt, Instant startedAt, int offset, Path dir) {
    var g = l == null ? null : l.generatorHiccups();
    Schedule s = l == null ? null : l.schedule();
    return new Load.Injector(index, count, "ok", host, startAt, startedAt.toString(), offset, l == null ? null : l.total().requests(),
        l == null ? null : l.total().ko(), s == null ? null : s.kept(), s == null ? null : s.note(), g == null ? null : g.p99Ms(),
        g == null ? null : g.maxMs(), dir.toString());
  }

  /** The first target judged differently by two runs ("name: a vs b"), or null when they agree on every target both judged. */
  public static String differentTargets(Results a, Results b) {
    if (a.targets() == null || b.targets() == null) {
      return null;
    }
    Map<String, String> am = new TreeMap<>();
    a.targets().forEach(t -> am.put(t.name(), limit(t)));
    for (TargetResult t : b.targets()) {
      String other = am.get(t.name());
      if (other != null && !other.equals(limit(t))) {
        return t.name() + ": " + limit(t) + " vs " + other;
      }
    }
    return null;
  }

  private static String limit(TargetResult t) {
    return t.op() + " " + t.limit();
  }

  private static Object norm(Object v) {
    return v instanceof Number n ? (Object) n.doubleValue() : v;
  }

  private static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number n)) {
      throw BenchException.usage("merge: the injectors' state has no " + key);
    }
    return n.doubleValue();
  }

  private static String relative(Path base, Path p) {
    Path a = base.toAbsolutePath().normalize();
    Path b = p.toAbsolutePath().normalize();
    return b.startsWith(a) ? a.relativize(b).toString() : b.toString();
  }
}
