package dev.apexbench.harness.capacity;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.dataset.DatasetSpec;
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
 * {@code bench capacity}: the open-model rate search (the sustainable rate, the knee, the
 * bottleneck) against the api started on the session's server or a deployment given by URL, the
 * closed-model concurrency sweep for the USL ({@link ClosedSweep}), then the catalog at each data
 * scale ({@link GrowthRun}).
 */
public final class CapacityRun {
  /** Requests per write journey (create, update, stale update, delete). */
  static final int JOURNEY_REQUESTS = dev.apexbench.harness.load.LoadSchedule.JOURNEY_REQUESTS;
  /** Growing steps multiply the offered rate by this. */
  static final double FACTOR = 2.0;

  /** What the steps run against: its base URL, the api this command started (for its CPU), the database's stats connection. */
  record Stack(String base, ApiProcess api, Connection stats) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (api != null) {
        api.close();
      }
      if (stats != null) {
        stats.close();
      }
    }
  }

  private final Workspace ws;
  private final Session session;
  private final DatasetSpec dataset;
  private final RunRecorder rec;
  private final CapacityRequest req;
  private final Targets targets;
  private final Console console;

  private CapacityRun(Workspace ws, Session session, DatasetSpec dataset, RunRecorder rec, CapacityRequest req, Targets targets) {
    this.ws = ws;
    this.session = session;
    this.dataset = dataset;
    this.rec = rec;
    this.req = req;
    this.targets = targets;
    this.console = ws.console();
  }

  /**
   * @param session the server and dataset when this command has the database (it starts the api
   *     there unless the request names a target URL), or null to measure a deployment by URL only
   * @param served with no session: the dataset the deployment serves
   */
  public static Results run(Workspace ws, SessionRequest session, DatasetSpec served, CapacityRequest req, Targets targets, Path reportsRoot)
      throws Exception {
    RunRecorder rec = ws.begin(reportsRoot, "capacity", req.profile().label(), targets);
    rec.settings.capacityScales(req.scales()).profile(req.profile().label());
    Results r;
    try {
      if (session != null) {
        try (Session s = rec.phase("provision+seed", () -> Session.open(ws, session))) {
          s.describeInto(rec);
          rec.capacity = rec.phase("capacity", () -> new CapacityRun(ws, s, s.spec, rec, req, targets).measure());
        }
      } else {
        rec.scale = served.scale();
        rec.seed = served.seed();
        rec.settings.scale(served.scale()).seed(served.seed()).db("(not connected: the capacity search needs only HTTP)");
        rec.capacity = rec.phase("capacity", () -> new CapacityRun(ws, null, served, rec, req, targets).measure());
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

  /** The rate search, then the closed-model sweep, against one started stack. */
  private Capacity measure() throws Exception {
    Profile.LoadShape shape = req.profile().load();
    double ratio = shape.writeRate() / shape.readRate();
    CapacityRequest.Sizing sizing = req.sizing();
    double start = req.startRate() != null ? req.startRate() : shape.readRate() * (1 + JOURNEY_REQUESTS * ratio);
    String mix = String.format(Locale.ROOT, "full: read users and write journeys (%d requests each) at %.2f journeys per read user",
        JOURNEY_REQUESTS, ratio);
    dev.apexbench.harness.load.CeilingCheck.say(ws, "the search's highest rate,", req.maxRate(), 1);
    rec.settings.capacityStartRps(start).capacityMaxRps(req.maxRate()).capacityFactor(FACTOR).capacityBisections(sizing.bisections())
        .capacityStepSeconds(sizing.step().toSeconds()).apiPoolSize(req.poolSize()).capacityMix(mix);
    try (Stack stack = start()) {
      double read0 = start / (1 + JOURNEY_REQUESTS * ratio);
      Duration warmup = req.warmupOrProfile();
      console.say("bench: capacity: warming up for " + warmup.toMillis() / 1000.0 + " s (not recorded)");
      GatlingLauncher.warmUp(new LoadPlan(stack.base(), read0, read0 * ratio, warmup, List.of(), Feeds.reads(dataset, 512),
          Feeds.writes(dataset, 128), GatlingAssertions.of(targets)), FullStackSimulation.class, rec.dir.dir);
      if (session != null) {
        DbMetrics.prepareCache(session.server, true);
      }
      if (!req.honourAccepted()) {
        console.say("bench: capacity: accepted breaches fail a step here (--honour-accepted lets them pass)");
      }
      int[] index = {0};
      CapacitySearch.Outcome out = CapacitySearch.search(new CapacitySearch.Settings(start, FACTOR, req.maxRate(), sizing.bisections()),
          (offered, phase) -> step(stack, ++index[0], offered, phase, ratio, sizing.step()));
      Capacity c = CapacityVerdict.summarise(mix, sizing.step().toSeconds(), out, req.honourAccepted(), Runtime.getRuntime().availableProcessors());
      if (!req.uslConcurrency().isEmpty()) {
        c = c.withUsl(ClosedSweep.run(stack.base(), dataset, req.uslConcurrency(), sizing.uslStep(), console));
      }
      return c;
    }
  }

  /** The api on the session's server, or the deployment given by URL (with the database's stats when the session is there). */
  private Stack start() throws Exception {
    Connection stats = session == null ? null : session.server.connect();
    if (req.targetUrl() != null) {
      console.say("bench: capacity: against " + req.targetUrl());
      return new Stack(req.targetUrl().toString(), null, stats);
    }
    ApiSettings api = ApiSettings.defaults().withPool(req.poolSize(), ApiSettings.defaults().acquireTimeoutMs());
    ApiProcess proc = ApiProcess.start(session.server.connectUrl(), session.server.connectionProperties(), api, rec.dir.dir.resolve("api.log"));
    console.say("bench: api started on " + proc.baseUrl() + " (its own JVM, pid " + proc.pid() + ")");
    return new Stack(proc.baseUrl(), proc, stats);
  }

  /** One open-model step of the full mix at {@code offered} requests/s, judged by the load targets. */
  private Capacity.Step step(Stack stack, int index, double offered, String phase, double ratio, Duration step) throws Exception {
    double read = offered / (1 + JOURNEY_REQUESTS * ratio);
    LoadPlan plan = new LoadPlan(stack.base(), read, read * ratio, step, List.of(), Feeds.reads(dataset, 512), Feeds.writes(dataset, 128),
        GatlingAssertions.of(targets));
    Path dir = rec.dir.dir.resolve(String.format(Locale.ROOT, "steps/%02d-%.0f-rps", index, offered));
    Files.createDirectories(dir);
    console.say(String.format(Locale.ROOT, "bench: capacity: step %d (%s), %.1f requests/s offered for %d s", index, phase, offered,
        step.toSeconds()));
    StatsSnapshot before = stack.stats() == null ? null : DbMetrics.snapshot(stack.stats());
    long cpu0 = stack.api() == null ? -1 : stack.api().cpuNanos();
    long t0 = System.nanoTime();
    GatlingLauncher.Outcome o;
    List<PoolSampler.Sample> pool;
    try (PoolSampler sampler = new PoolSampler(stack.base())) {
      o = GatlingLauncher.run(plan, FullStackSimulation.class, dir, m -> {}, false);
      pool = sampler.stop();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    long cpu1 = stack.api() == null ? -1 : stack.api().cpuNanos();
    StatsWindow window = before == null ? null : StatsWindow.between("step", before, DbMetrics.snapshot(stack.stats()));
    Load load = LoadMapper.load(req.profile().label(), "capacity step", plan, o);
    Double cores = cpu0 >= 0 && cpu1 >= cpu0 ? (cpu1 - cpu0) / 1e9 / wall : null;
    Capacity.Step st = StepJudge.step(offered, phase, load, targets, req.honourAccepted(), pool, cores, window, wall);
    console.say(String.format(Locale.ROOT, "  achieved %.1f rps, p95 %.0f ms, errors %.2f %%: %s", st.achievedRps(), st.p95Ms(),
        st.errorRatePct(), st.pass() ? "every load target met" : "failed " + String.join(", ", st.failed())));
    return st;
  }
}
