package dev.apexbench.harness.load;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.PointReadSimulation;
import dev.apexbench.gatling.ReadMixSimulation;
import dev.apexbench.gatling.RecorderState;
import dev.apexbench.gatling.Route;
import dev.apexbench.harness.distributed.InjectorMerge;
import dev.apexbench.harness.distributed.LocalInjectors;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.LoadMapper;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Load;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The load phase: feeds computed from the deterministic dataset (scale and seed; no database
 * connection), the api started in its own JVM (unless a target URL is given), Gatling in this JVM
 * or in local injector JVMs, and the database's window around the recorded load only when the
 * database is known to this command. Each step below is one method, in the order run.
 */
public final class LoadPhase {
  /** The load and, when the database was sampled, its window and the cache state before it. */
  public record Measured(Load load, StatsWindow window, DbMetrics.CacheState cache) {}

  /** With local injectors the database's window opens this long before their shared start (after their warm-ups). */
  static final Duration WINDOW_LEAD = Duration.ofSeconds(1);
  /**
   * An api this command did not start keeps its connections open; PostgreSQL flushes an idle
   * backend's statistics within 10 s, so the window closes this long after the load.
   */
  static final Duration EXTERNAL_STATS_FLUSH = Duration.ofSeconds(11);

  private final Workspace ws;
  private final Session s;
  private final DatasetSpec dataset;
  private final RunRecorder rec;
  private final LoadRequest req;
  private final LoadPlan.LoadAssertions assertions;
  private final Console console;
  private final LoadSchedule schedule;

  private ApiProcess api;
  private Connection stats;
  /** The database's counters when the window closed. */
  private StatsSnapshot after;
  private LocalInjectors.Started started;

  private LoadPhase(Workspace ws, Session s, DatasetSpec dataset, RunRecorder rec, LoadRequest req, LoadPlan.LoadAssertions assertions) {
    this.ws = ws;
    this.s = s;
    this.dataset = dataset;
    this.rec = rec;
    this.req = req;
    this.assertions = assertions;
    this.console = ws.console();
    this.schedule = LoadSchedule.of(req);
  }

  /**
   * @param s the session when this command has the database (to start the api and sample
   *     pg_stat_*), or null when it drives a deployment by URL only
   * @param dataset the dataset the target serves: its scale and seed decide every request parameter
   */
  public static Measured run(Workspace ws, Session s, DatasetSpec dataset, RunRecorder rec, LoadRequest req,
      LoadPlan.LoadAssertions assertions) throws Exception {
    return new LoadPhase(ws, s, dataset, rec, req, assertions).run();
  }

  private Measured run() throws Exception {
    describe();
    try {
      LoadPlan plan = plan().at(startTarget());
      console.say(String.format(Locale.ROOT, "bench: load: %s simulation, %s for %d s against %s", req.simulation().label,
          schedule.text(req), plan.totalDuration().toSeconds(), plan.baseUrl()));
      warmUp(plan);
      // with scheduled refreshes the view's age is counted from one made here, before the window
      long seedNanos = req.mvRefresh() != null && s != null ? MvRefresher.refreshNow(s.server) : System.nanoTime();
      Window window = openWindow();
      // the api's statement counts per request name, at both ends of the window (see EndpointWork)
      EndpointWork.Counts counts0 = s == null ? null : EndpointWork.scrape(plan.baseUrl());
      long cpu0 = api == null ? -1 : api.cpuNanos();
      Recorded r = record(plan);
      long cpu1 = api == null ? -1 : api.cpuNanos();
      EndpointWork.Counts counts1 = s == null ? null : EndpointWork.scrape(plan.baseUrl());
      Load load = map(plan, r, seedNanos);
      if (req.simulation() == Simulation.POINT) {
        load = load.withPoint(PointCeiling.measure(s, dataset, req.connections(), schedule.duration(), load, cpu0, cpu1, console));
      }
      if (s == null) {
        return new Measured(load, null, null);
      }
      StatsWindow db = closeWindow(window.before());
      load = EndpointWork.attach(load, counts0, counts1, StatsWindow.allStatements(window.before(), after));
      return new Measured(load, db, window.cache());
    } finally {
      cleanUp();
    }
  }

  /** The request's settings into run.settings. */
  private void describe() {
    if (req.injector() == null && req.simulation() != Simulation.POINT) { // an injector of a distributed run has its share only
      // requests per second: a read user sends one, a write journey four (the ceiling was measured with one request per user)
      double requests = (schedule.steps().isEmpty() ? schedule.readRate() : schedule.steps().stream().mapToDouble(Double::doubleValue).max()
          .orElse(0)) + LoadSchedule.JOURNEY_REQUESTS * schedule.writeRate();
      CeilingCheck.say(ws, "the planned", requests, req.injectors() == null ? 1 : req.injectors());
    }
    if (req.injector() != null) {
      rec.settings.loadInjector(req.injector().label()).loadStartAt(req.startAt() == null ? null : req.startAt().toString());
    }
    if (req.injectors() != null) {
      rec.settings.loadInjectors(req.injectors());
    }
    schedule.describeInto(rec.settings, req);
    rec.settings.loadFeeds("from the deterministic dataset (scale " + dataset.scaleText() + ", seed " + dataset.seed() + ")");
    if (req.simulation() == Simulation.POINT) {
      rec.settings.loadConnections(req.connections());
    }
  }

  /** The plan, its base URL still open: the feeds from the dataset (an injector's rotated, its own write tenants). */
  private LoadPlan plan() {
    if (req.simulation() == Simulation.POINT) {
      return new LoadPlan(null, 0, 0, schedule.duration(), List.of(), Map.of(PointReadSimulation.REQUEST, Feeds.ids(dataset, 4096)),
          List.of(), assertions, req.connections());
    }
    var reads = Feeds.reads(dataset, 512);
    return new LoadPlan(null, schedule.readRate(), schedule.writeRate(), schedule.duration(), schedule.steps(),
        req.injector() == null ? reads : req.injector().rotate(reads), Feeds.writes(dataset, 128, req.injector() == null ? 0
        : req.injector().index()), assertions);
  }

  /** The api in its own JVM on the session's server, or the deployment given (its /health was checked when the command started). */
  private String startTarget() throws Exception {
    if (req.targetUrl() != null) {
      return req.targetUrl().toString();
    }
    ApiSettings settings = ApiSettings.defaults().withPool(req.poolSize(), ApiSettings.defaults().acquireTimeoutMs());
    List<String> jvm = req.profileApi()
        ? List.of("-XX:StartFlightRecording=filename=" + rec.dir.dir.resolve("api.jfr") + ",settings=profile,dumponexit=true")
        : List.of();
    api = ApiProcess.start(s.server.connectUrl(), s.server.connectionProperties(), settings, rec.dir.dir.resolve("api.log"), jvm);
    console.say("bench: api started on " + api.baseUrl() + " (its own JVM, pid " + api.pid() + ")");
    return api.baseUrl();
  }

  /** An unrecorded run at the same rates (a sweep: its first step); local injectors warm up themselves instead. */
  private void warmUp(LoadPlan plan) throws Exception {
    Duration warmup = req.warmupOrProfile();
    if (req.injectors() == null) {
      LoadPlan warm = new LoadPlan(plan.baseUrl(), plan.readRate(), plan.writeRate(), warmup,
          schedule.steps().isEmpty() ? List.of() : List.of(schedule.steps().get(0)), plan.feeds(), plan.writeFeed(), plan.assertions(),
          plan.concurrency());
      console.say("bench: load: warming up for " + warmup.toMillis() / 1000.0 + " s (not recorded)");
      GatlingLauncher.warmUp(warm, req.simulation() == Simulation.SWEEP ? ReadMixSimulation.class : req.simulation().gatling,
          rec.dir.dir);
    }
    rec.settings.loadWarmupSeconds(warmup.toSeconds());
    if (req.injectors() != null) {
      started = LocalInjectors.start(ws, req.injectors(), LocalInjectors.injectorArgs(plan.baseUrl(), dataset, req.profile().label(),
          req.simulation().label, req.rate(), req.duration(), req.targetsFile(), req.warmup()), warmup, rec.dir.dir);
    }
  }

  /** The database side before the recorded load: the cache prepared, a quiet moment, a snapshot. */
  private record Window(DbMetrics.CacheState cache, StatsSnapshot before) {}

  private Window openWindow() throws Exception {
    if (s == null) {
      return new Window(null, null);
    }
    stats = s.server.connect();
    if (started != null) {
      // the database's window starts with the injectors' recorded load, after their warm-ups
      long ms = Duration.between(Instant.now(), started.startAt()).toMillis() - WINDOW_LEAD.toMillis();
      if (ms > 0) {
        Thread.sleep(ms);
      }
    }
    DbMetrics.CacheState cache = DbMetrics.prepareCache(s.server, req.prewarm());
    rec.settings.prewarm(cache.note());
    if (started == null) { // the injectors are about to start: no quiet moment to wait for
      quiet(DbMetrics.awaitQuiescence(stats, 5_000));
    }
    return new Window(cache, DbMetrics.snapshot(stats));
  }

  /** What the recorded load gave: Gatling's outcome, the injectors' merge (or null), the pool's samples, when it started. */
  private record Recorded(GatlingLauncher.Outcome outcome, InjectorMerge.Merged merged, List<PoolSampler.Sample> pool, long startNanos,
      MvRefresher refresher) {}

  /** The recorded load, with the pool sampled and the view refreshed on its schedule around it. */
  private Recorded record(LoadPlan plan) throws Exception {
    MvRefresher refresher = req.mvRefresh() != null && s != null ? new MvRefresher(s.server, req.mvRefresh()) : null;
    try (PoolSampler sampler = new PoolSampler(plan.baseUrl())) {
      GatlingLauncher.Outcome o;
      InjectorMerge.Merged merged = null;
      long startNanos;
      try {
        if (started != null) {
          long nanoRef = System.nanoTime();
          long msRef = System.currentTimeMillis();
          LocalInjectors.Started st = started;
          started = null; // awaited from here on: await stops whatever is left
          merged = LocalInjectors.await(st, plan.totalDuration(), console);
          o = merged.outcome();
          startNanos = nanoRef + (o.recorder().startEpochMs() - msRef) * 1_000_000L;
        } else {
          if (req.startAt() != null) {
            waitUntil(req.startAt());
          }
          o = GatlingLauncher.run(plan, req.simulation().gatling, rec.dir.dir, console::say);
          startNanos = o.recorder().startNanos();
          RecorderState.write(o.recorder(), InjectorMerge.plan(plan, new InjectorMerge.LoadRunInfo(req.profile().label(),
              req.simulation().label, dataset.scaleText(), dataset.seed(), req.injector(), req.startAt(), o.exitCode())),
              rec.dir.dir.resolve(RecorderState.FILE));
        }
      } finally {
        if (refresher != null) {
          refresher.close();
        }
      }
      return new Recorded(o, merged, sampler.stop(), startNanos, refresher);
    }
  }

  /** Waits for the shared start instant; a late start (a pod scheduled late) is said and kept in the settings. */
  private void waitUntil(Instant at) throws InterruptedException {
    long ms = Duration.between(Instant.now(), at).toMillis();
    if (ms > 0) {
      console.say("bench: load: waiting " + Math.round(ms / 1000.0) + " s for the shared start " + at);
      Thread.sleep(ms);
      rec.settings.loadStartLateMs(0);
    } else {
      console.say("bench: load: starting " + (-ms) + " ms after the shared start " + at + " (the merge shows the offset)");
      rec.settings.loadStartLateMs(-ms);
    }
  }

  /** The recorded load as results: mapped, with the pool, the injectors' lines and the view's refreshes. */
  private Load map(LoadPlan plan, Recorded r, long seedNanos) {
    GatlingLauncher.Outcome o = r.outcome();
    Load load = LoadMapper.load(req.profile().label(), req.simulation().label, plan, o);
    load = load.withPool(PoolHealth.of(r.pool(), r.startNanos()));
    if (r.merged() != null) {
      load = InjectorMerge.finish(load, r.merged(), rec.dir.dir);
      console.say("bench: load: " + load.rateNote());
    } else if (req.injector() != null) {
      load = load.withInjectors(List.of(InjectorMerge.self(load, req.injector(), req.startAt(),
          Instant.ofEpochMilli(o.recorder().startEpochMs()), rec.dir.dir)));
    }
    if (r.refresher() != null) {
      rec.settings.loadMvRefreshSeconds(req.mvRefresh().toSeconds());
      Set<String> agg = new HashSet<>();
      for (Route route : Route.values()) {
        if (route.group.equals("aggregation")) {
          agg.add(route.requestName);
        }
      }
      load = load.withMvRefresh(MvRefresher.analyse(req.mvRefresh(), r.refresher().refreshes(), o.recorder().startNanos(), seedNanos,
          o.recorder().hlog(), agg, Set.of(Route.TENANT_STATS_VIEW.requestName), (int) Math.ceil(load.durationSeconds())));
      console.say("bench: load: " + load.mvRefresh().note());
    }
    return load;
  }

  /** The database side after the load: the api's connections closed (or flushed), a snapshot, the window between. */
  private StatsWindow closeWindow(StatsSnapshot before) throws Exception {
    if (api != null) {
      api.close(); // its connections close, so their statistics are flushed
      api = null;
      quiet(DbMetrics.awaitQuiescence(stats, 15_000, "apex-bench%"));
    } else {
      Thread.sleep(EXTERNAL_STATS_FLUSH.toMillis());
    }
    after = DbMetrics.snapshot(stats);
    return StatsWindow.between("load", before, after);
  }

  private void cleanUp() throws Exception {
    if (started != null) { // started, never awaited (a failure before the load): stop them
      started.children().forEach(Process::destroyForcibly);
    }
    if (api != null) {
      api.close();
    }
    if (stats != null) {
      stats.close();
    }
    Path jfr = rec.dir.dir.resolve("api.jfr");
    if (req.profileApi() && Files.isRegularFile(jfr)) {
      JfrSummary.write(jfr, rec.dir.dir.resolve("api-profile.txt"), 30);
      console.say("bench: the api's CPU profile: api-profile.txt (and api.jfr for JDK Mission Control) in the run directory");
    }
  }

  private void quiet(boolean clean) {
    if (!clean) {
      rec.uncleanWindow(console);
    }
  }
}
