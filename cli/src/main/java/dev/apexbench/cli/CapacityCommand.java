package dev.apexbench.cli;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.FullStackSimulation;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench capacity}: the highest request rate the stack sustains within the load targets, and what limits it. */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find the highest request rate the stack sustains within every load target: the full mix (reads and",
      "write journeys in the profile's proportion) at a rate multiplied per step until a load target fails,",
      "then bisected. Reports the max sustainable rate, the knee, the bottleneck from evidence (pool, api",
      "CPU, database, load generator) and the Universal Scalability Law fitted to the steps."
    })
final class CapacityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = Profile.Converter.class,
      description = "smoke: 5 s steps, one bisection (about 1 min); quick: 15 s steps, two (about 4 min); full: 30 s steps, three"
          + " (about 8-10 min). Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Option(names = "--start-rate", paramLabel = "RPS", converter = LoadOptions.RateConverter.class,
      description = "The first step's offered request rate (reads and writes). Default: the profile's load rate.")
  Double startRate;

  @Option(names = "--max-rate", paramLabel = "RPS", defaultValue = "5000", converter = LoadOptions.RateConverter.class,
      description = "No step offers more. Default: ${DEFAULT-VALUE}.")
  double maxRate;

  @Option(names = "--step-duration", paramLabel = "D", converter = LoadOptions.DurationConverter.class,
      description = "How long each step holds its rate, e.g. 20s. Default: the profile's.")
  Duration stepDuration;

  @Option(names = "--pool-size", paramLabel = "N", defaultValue = "10", converter = LoadOptions.PoolSizeConverter.class,
      description = "The started api's HikariCP pool size, 1 to 90. Default: ${DEFAULT-VALUE}.")
  int poolSize;

  @Option(names = "--scales", paramLabel = "S1,S2,...|none",
      description = "Also measure the catalog (JMH, short iterations) at these data scales, one after the other, and fit how each query"
          + " grows and where it would breach its target. Default: smoke 0.1,1; quick 0.1,1,10; full 0.1,1,10,30 (30: about 1M events).")
  String scales;

  @Option(names = "--queries", paramLabel = "GLOB", description = "For --scales: the catalog queries to measure (e.g. 'jsonb.*,simple.by_etag'). Default: all.")
  String queries;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  /** Requests per write journey (create, update, stale update, delete). */
  static final int JOURNEY_REQUESTS = 4;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    db.spec();
    Targets t = targets.load();
    if (startRate != null && startRate > maxRate) {
      throw dev.apexbench.db.BenchException.usage("--start-rate: " + dev.apexbench.reports.Fmt.plain(startRate) + " is above --max-rate "
          + dev.apexbench.reports.Fmt.plain(maxRate) + " (allowed: a start rate at most the maximum)");
    }
    String scaleText = scales != null ? scales : switch (profile.label()) {
      case "smoke" -> "0.1,1";
      case "full" -> "0.1,1,10,30";
      default -> "0.1,1,10";
    };
    List<Double> scaleList = scaleText.strip().equals("none") ? List.of() : GrowthFit.parseScales(scaleText);
    List<dev.apexbench.db.catalog.CatalogQuery> selected = dev.apexbench.db.catalog.QueryCatalog.select(queries);
    if (!scaleList.isEmpty() && db.spec().provider() == dev.apexbench.db.Provider.EXTERNAL && !db.reset) {
      throw dev.apexbench.db.BenchException.usage("--scales: measuring other data scales rebuilds the harness schema (apex_bench) for each,"
          + " which on a server the harness does not own it does only when told (allowed: add --reset, or --scales none)");
    }
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    Reporting.installInterruptHook(spec.commandLine().getOut());
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(output.reportsRoot(), "capacity", profile.label()), "capacity", profile.label());
    rec.settings.put("capacity_scales", scaleList);
    rec.settings.put("profile", profile.label());
    Results r;
    try {
      try (Session s = rec.phase("provision+seed", () -> Session.open(db, data, console))) {
        s.describeInto(rec);
        rec.capacity = rec.phase("capacity", () -> sweep(s, rec, t, console));
      }
      if (!scaleList.isEmpty()) {
        Capacity swept = rec.capacity;
        rec.capacity = rec.phase("scales", () -> growth(swept, scaleList, selected, rec, t, console));
      }
      if (!output.json) {
        print(spec.commandLine().getOut(), rec.capacity);
      }
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }

  private Capacity sweep(Session s, RunRecorder rec, Targets t, Console console) throws Exception {
    Profile.LoadShape shape = profile.load();
    double ratio = shape.writeRate() / shape.readRate();
    // per profile: how long a step holds its rate, and how many bisections follow the first failure
    int[] sizing = switch (profile.label()) {
      case "smoke" -> new int[] {5, 1};
      case "full" -> new int[] {30, 3};
      default -> new int[] {15, 2};
    };
    Duration step = stepDuration != null ? stepDuration : Duration.ofSeconds(sizing[0]);
    int bisections = sizing[1];
    double start = startRate != null ? startRate : shape.readRate() * (1 + JOURNEY_REQUESTS * ratio);
    CapacitySearch.Settings settings = new CapacitySearch.Settings(start, 2.0, maxRate, bisections);
    rec.settings.put("capacity_start_rps", start);
    rec.settings.put("capacity_max_rps", maxRate);
    rec.settings.put("capacity_factor", 2.0);
    rec.settings.put("capacity_bisections", bisections);
    rec.settings.put("capacity_step_seconds", step.toSeconds());
    rec.settings.put("api_pool_size", poolSize);
    String mix = String.format(Locale.ROOT, "full: read users and write journeys (%d requests each) at %.2f journeys per read user",
        JOURNEY_REQUESTS, ratio);
    rec.settings.put("capacity_mix", mix);
    LoadPlan.LoadAssertions assertions = TargetsOptions.gatlingAssertions(t);
    var reads = Feeds.reads(s.spec, 512);
    var writes = Feeds.writes(s.spec, 128);
    ApiSettings api = ApiSettings.defaults().withPool(poolSize, ApiSettings.defaults().acquireTimeoutMs());
    try (ApiProcess proc = ApiProcess.start(s.server.connectUrl(), s.server.connectionProperties(), api, rec.dir.dir.resolve("api.log"));
        Connection stats = s.server.connect()) {
      String base = proc.baseUrl();
      console.say("bench: api started on " + base + " (its own JVM, pid " + proc.pid() + ")");
      double read0 = start / (1 + JOURNEY_REQUESTS * ratio);
      console.say("bench: capacity: warming up for " + shape.warmup().toSeconds() + " s (not recorded)");
      GatlingLauncher.warmUp(new LoadPlan(base, read0, read0 * ratio, shape.warmup(), List.of(), reads, writes, assertions),
          FullStackSimulation.class, rec.dir.dir);
      DbMetrics.prepareCache(s.server, true);
      int[] index = {0};
      CapacitySearch.StepRunner runner = (offered, phase) -> {
        double read = offered / (1 + JOURNEY_REQUESTS * ratio);
        LoadPlan plan = new LoadPlan(base, read, read * ratio, step, List.of(), reads, writes, assertions);
        Path dir = rec.dir.dir.resolve(String.format(Locale.ROOT, "steps/%02d-%.0f-rps", ++index[0], offered));
        Files.createDirectories(dir);
        console.say(String.format(Locale.ROOT, "bench: capacity: step %d (%s), %.1f requests/s offered for %d s", index[0], phase, offered,
            step.toSeconds()));
        StatsSnapshot before = DbMetrics.snapshot(stats);
        long cpu0 = proc.cpuNanos();
        long t0 = System.nanoTime();
        GatlingLauncher.Outcome o;
        List<PoolSampler.Sample> pool;
        try (PoolSampler sampler = new PoolSampler(base)) {
          o = GatlingLauncher.run(plan, FullStackSimulation.class, dir, m -> {}, false);
          pool = sampler.stop();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long cpu1 = proc.cpuNanos();
        StatsSnapshot after = DbMetrics.snapshot(stats);
        Load load = LoadMapper.load(profile.label(), "capacity step", plan, o);
        Capacity.Step st = step(offered, phase, load, t, pool, cpu0 >= 0 && cpu1 >= cpu0 ? (cpu1 - cpu0) / 1e9 / wall
            / Runtime.getRuntime().availableProcessors() * 100 : null, StatsWindow.between("step", before, after), wall);
        console.say(String.format(Locale.ROOT, "  achieved %.1f rps, p95 %.0f ms, errors %.2f %%: %s", st.achievedRps(), st.p95Ms(),
            st.errorRatePct(), st.pass() ? "every load target met" : "failed " + String.join(", ", st.failed())));
        return st;
      };
      CapacitySearch.Outcome out = CapacitySearch.search(settings, runner);
      return CapacitySearch.summarise(mix, step.toSeconds(), out);
    }
  }

  /**
   * The catalog at each data scale (seeded in turn, then JMH with the smoke profile's short
   * iterations), and per query its growth exponent and projected breach scale.
   */
  private Capacity growth(Capacity swept, List<Double> scaleList, List<dev.apexbench.db.catalog.CatalogQuery> selected, RunRecorder rec,
      Targets t, Console console) throws Exception {
    List<Capacity.Scale> measured = new ArrayList<>();
    Map<String, Map<Double, Double>> byQuery = new LinkedHashMap<>();
    Map<String, dev.apexbench.reports.model.QueryResult> results = new LinkedHashMap<>();
    java.math.BigDecimal original = data.scale;
    try {
      for (double sc : scaleList) {
        data.scale = java.math.BigDecimal.valueOf(sc);
        console.say("bench: capacity: data scale " + dev.apexbench.reports.Fmt.plain(sc));
        // embedded: each scale keeps its own server and dataset (under .apex-bench/scales/<scale>), so a second run reuses them
        boolean ownDir = db.spec().provider() == dev.apexbench.db.Provider.EMBEDDED && data.scale.compareTo(original) != 0;
        java.nio.file.Path state = ownDir ? CommonOptions.stateDir().resolve("scales").resolve(dev.apexbench.reports.Fmt.plain(sc)) : CommonOptions.stateDir();
        java.nio.file.Files.createDirectories(state);
        try (Session s = Session.open(db, data, console, state)) {
          RunRecorder sub = RunRecorder.nested(RunDirectory.create(rec.dir.dir.resolve("scales"), "jmh", "smoke"), "jmh", "smoke");
          JmhCommand.Measured m = JmhCommand.measure(s, sub, selected, Profile.SMOKE.jmh(1), true, console);
          Map<String, Double> p95 = new LinkedHashMap<>();
          for (var q : m.queries()) {
            p95.put(q.name(), q.p95Ms());
            byQuery.computeIfAbsent(q.name(), k -> new java.util.TreeMap<>()).put(sc, q.p95Ms());
            results.putIfAbsent(q.name(), q);
          }
          var info = s.seed.info();
          measured.add(new Capacity.Scale(sc, info.projects() + info.payloads() + info.events(),
              s.seed.reused() ? 0 : Math.round(s.seed.seconds() * 10) / 10.0, p95));
        }
      }
    } finally {
      data.scale = original;
    }
    List<Capacity.Growth> growth = new ArrayList<>();
    for (Map.Entry<String, Map<Double, Double>> e : byQuery.entrySet()) {
      var q = results.get(e.getKey());
      var limit = t.forQuery(q);
      Double limitMs = limit != null && limit.statistic() == dev.apexbench.reports.targets.Statistic.P95 && limit.op().isUpperBound()
          ? limit.value() : null;
      growth.add(GrowthFit.fit(e.getKey(), q.queryClass(), e.getValue(), limitMs));
    }
    return (swept == null ? new Capacity("(no rate sweep)", 0, List.of(), null, null, null, CapacitySearch.KNEE_FACTOR, null, null, null,
        "the rate sweep did not run") : swept).withScales(measured, growth);
  }

  /** A step's figures and its judgement by the load targets (acceptances honoured, as in the gate). */
  static Capacity.Step step(double offered, String phase, Load load, Targets t, List<PoolSampler.Sample> pool, Double apiCpuPct,
      StatsWindow window, double wallSeconds) {
    Results judged = Evaluator.evaluate(new Results(Results.SCHEMA_VERSION, null, null, null, null, load, null, List.of(), null, null), t);
    List<String> failed = judged.targets().stream().filter(TargetResult::blocks).map(TargetResult::name).toList();
    Endpoint total = load.total();
    double errorPct = total.requests() == 0 ? 0 : 100.0 * total.ko() / total.requests();
    Map<String, Double> byGroup = new LinkedHashMap<>();
    for (Map.Entry<String, List<Endpoint>> g : load.endpointsByGroup().entrySet()) {
      Histogram merged = Histograms.merge(g.getValue());
      if (merged != null) {
        byGroup.put(g.getKey(), Math.round(merged.getValueAtPercentile(95) / 1e3) / 1e3);
      }
    }
    Load.PoolHealth ph = LoadPhase.poolHealth(pool, Long.MIN_VALUE);
    Double activeMean = ph == null ? null : ph.activeMean();
    Double utilP95 = ph == null ? null : ph.utilizationP95Pct();
    Integer pendingMax = ph == null ? null : ph.pendingMax();
    String top = null;
    if (window.topStatements() != null && !window.topStatements().isEmpty()) {
      var d = window.topStatements().get(0);
      String q = d.query().replaceAll("\\s+", " ");
      top = String.format(Locale.ROOT, "%.2f ms mean x %d calls: %s", d.meanMs(), d.calls(), q.length() > 120 ? q.substring(0, 117) + "..." : q);
    }
    double seconds = window.seconds() > 0 ? window.seconds() : wallSeconds;
    double meanS = total.meanMs() / 1000.0;
    return new Capacity.Step(round(offered), round(load.achievedRps()), total.requests(), round(errorPct), total.p50Ms(), total.p95Ms(),
        total.p99Ms(), byGroup, total.meanMs(), round(load.achievedRps() * meanS), activeMean, utilP95, pendingMax,
        apiCpuPct == null ? null : round(apiCpuPct), round((window.xactCommit() + window.xactRollback()) / seconds),
        round((window.blksHit() + window.blksRead()) / seconds), top,
        load.generatorHiccups() == null ? 0 : load.generatorHiccups().maxMs(), failed.isEmpty(), failed, phase);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static void print(PrintWriter out, Capacity c) {
    if (c == null) {
      return;
    }
    out.printf(Locale.ROOT, "%-7s %10s %10s %7s %7s %7s %7s %9s %6s  %s%n", "phase", "offered", "achieved", "err %", "p50", "p95", "p99",
        "in flight", "pool%", "verdict");
    for (Capacity.Step st : c.steps()) {
      out.printf(Locale.ROOT, "%-7s %10.1f %10.1f %7.2f %7.0f %7.0f %7.0f %9.2f %6s  %s%n", st.phase(), st.offeredRps(), st.achievedRps(),
          st.errorRatePct(), st.p50Ms(), st.p95Ms(), st.p99Ms(), st.concurrency(),
          st.poolUtilizationP95Pct() == null ? "-" : String.format(Locale.ROOT, "%.0f", st.poolUtilizationP95Pct()),
          st.pass() ? "pass" : "fail: " + String.join(", ", st.failed()));
    }
    out.println("max sustainable rate: " + (c.maxSustainableRps() == null ? "none found" : String.format(Locale.ROOT, "%.1f requests/s offered"
        + " (%.1f achieved)", c.maxSustainableRps(), c.maxSustainableAchievedRps())) + "; " + c.note());
    out.println("knee (p95 over " + (int) c.kneeFactor() + "x the lowest step's): " + (c.kneeRps() == null ? "not reached"
        : String.format(Locale.ROOT, "%.1f requests/s", c.kneeRps())));
    if (c.bottleneck() != null) {
      out.println("bottleneck: " + c.bottleneck().name() + " (" + c.bottleneck().evidence() + ")");
    }
    Capacity.Usl u = c.usl();
    if (u != null) {
      out.println(u.sigma() == null ? "USL: " + u.note() : String.format(Locale.ROOT, "USL: sigma %.4f, kappa %.6f, lambda %.1f rps, R2 %.3f"
          + " over %d steps%s; %s", u.sigma(), u.kappa(), u.lambda(), u.r2() == null ? Double.NaN : u.r2(), u.points(),
          u.peakRps() == null ? "" : String.format(Locale.ROOT, "; peak %.0f rps at %.1f in flight", u.peakRps(), u.peakConcurrency()), u.note()));
    }
    for (Capacity.Growth g : c.growth()) {
      out.printf(Locale.ROOT, "growth %-34s p95 %s  exponent %s  %s%n", g.query(), g.p95ByScale(),
          g.growthExponent() == null ? "-" : String.format(Locale.ROOT, "%.2f", g.growthExponent()), g.note());
    }
    out.flush();
  }
}
