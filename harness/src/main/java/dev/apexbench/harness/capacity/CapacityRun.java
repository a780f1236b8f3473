package dev.apexbench.harness.capacity;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.FullStackSimulation;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.harness.load.GatlingAssertions;
import dev.apexbench.harness.load.PoolSampler;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.LoadMapper;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench capacity}: the rate search against the api started on the session's server
 * (steps judged by the load targets), then the catalog at each data scale ({@link GrowthRun}).
 */
public final class CapacityRun {
  /** Requests per write journey (create, update, stale update, delete). */
  static final int JOURNEY_REQUESTS = 4;
  /** Growing steps multiply the offered rate by this. */
  static final double FACTOR = 2.0;

  private CapacityRun() {}

  public static Results run(Workspace ws, SessionRequest session, CapacityRequest req, Targets targets, Path reportsRoot)
      throws Exception {
    RunRecorder rec = ws.begin(reportsRoot, "capacity", req.profile().label(), targets);
    rec.settings.capacityScales(req.scales()).profile(req.profile().label());
    Results r;
    try {
      try (Session s = rec.phase("provision+seed", () -> Session.open(ws, session))) {
        s.describeInto(rec);
        rec.capacity = rec.phase("capacity", () -> sweep(s, rec, req, targets, ws.console()));
      }
      if (!req.scales().isEmpty()) {
        Capacity swept = rec.capacity;
        rec.capacity = rec.phase("scales", () -> GrowthRun.growth(ws, swept, session, req, rec, targets));
      }
    } finally {
      r = Reporting.finish(ws, rec, targets, null);
    }
    return r;
  }

  private static Capacity sweep(Session s, RunRecorder rec, CapacityRequest req, Targets t, Console console) throws Exception {
    Profile.LoadShape shape = req.profile().load();
    double ratio = shape.writeRate() / shape.readRate();
    CapacityRequest.Sizing sizing = req.sizing();
    Duration step = sizing.step();
    double start = req.startRate() != null ? req.startRate() : shape.readRate() * (1 + JOURNEY_REQUESTS * ratio);
    CapacitySearch.Settings settings = new CapacitySearch.Settings(start, FACTOR, req.maxRate(), sizing.bisections());
    String mix = String.format(Locale.ROOT, "full: read users and write journeys (%d requests each) at %.2f journeys per read user",
        JOURNEY_REQUESTS, ratio);
    rec.settings.capacityStartRps(start).capacityMaxRps(req.maxRate()).capacityFactor(FACTOR).capacityBisections(sizing.bisections())
        .capacityStepSeconds(step.toSeconds()).apiPoolSize(req.poolSize()).capacityMix(mix);
    LoadPlan.LoadAssertions assertions = GatlingAssertions.of(t);
    var reads = Feeds.reads(s.spec, 512);
    var writes = Feeds.writes(s.spec, 128);
    ApiSettings api = ApiSettings.defaults().withPool(req.poolSize(), ApiSettings.defaults().acquireTimeoutMs());
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
        Load load = LoadMapper.load(req.profile().label(), "capacity step", plan, o);
        Capacity.Step st = StepJudge.step(offered, phase, load, t, pool, cpu0 >= 0 && cpu1 >= cpu0 ? (cpu1 - cpu0) / 1e9 / wall
            / Runtime.getRuntime().availableProcessors() * 100 : null, StatsWindow.between("step", before, after), wall);
        console.say(String.format(Locale.ROOT, "  achieved %.1f rps, p95 %.0f ms, errors %.2f %%: %s", st.achievedRps(), st.p95Ms(),
            st.errorRatePct(), st.pass() ? "every load target met" : "failed " + String.join(", ", st.failed())));
        return st;
      };
      CapacitySearch.Outcome out = CapacitySearch.search(settings, runner);
      return CapacitySearch.summarise(mix, step.toSeconds(), out);
    }
  }
}
