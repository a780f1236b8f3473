package dev.apexbench.cli;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.FullStackSimulation;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.PointReadSimulation;
import dev.apexbench.gatling.RecorderState;
import dev.apexbench.gatling.ReadMixSimulation;
import dev.apexbench.gatling.SteppedRateSimulation;
import dev.apexbench.gatling.WriteMixSimulation;
import dev.apexbench.reports.model.Load;
import io.gatling.javaapi.core.Simulation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The load phase: feeds computed from the deterministic dataset (scale and seed; no database
 * connection), the api started in its own JVM (unless a target URL is given), Gatling in this
 * JVM, and the db-side window around the run only when the database is known to this command.
 */
final class LoadPhase {
  /** The load and, when the database was sampled, its window and the cache state before it. */
  record Measured(Load load, StatsWindow window, DbMetrics.CacheState cache) {}

  /**
   * @param s the session when this command has the database (to start the api and sample
   *     pg_stat_*), or null when it drives a deployment by URL only
   * @param dataset the dataset the target serves: its scale and seed decide every request parameter
   */
  static Measured run(Session s, DatasetSpec dataset, RunRecorder rec, Profile profile, LoadOptions opt,
      LoadPlan.LoadAssertions assertions, boolean prewarm, Console console) throws Exception {
    Profile.LoadShape shape = profile.load();
    double readRate = opt.rate != null ? opt.rate : shape.readRate();
    if (opt.simulation == LoadOptions.Sim.POINT) {
      readRate = 0;
    }
    double writeRate = switch (opt.simulation) {
      case READ, SWEEP, POINT -> 0;
      case WRITE -> opt.rate != null ? opt.rate : shape.writeRate();
      case FULL -> opt.rate != null ? opt.rate / 10 : shape.writeRate();
    };
    LoadOptions.Injector injector = opt.injector;
    if (injector != null) {
      // each injector an independent random stream at 1/N of the rate: the N streams add up to the whole
      readRate /= injector.count();
      writeRate /= injector.count();
      rec.settings.put("load_injector", injector.label());
      rec.settings.put("load_start_at", opt.startAt == null ? null : opt.startAt.toString());
    }
    if (opt.injectors != null) {
      rec.settings.put("load_injectors", opt.injectors);
    }
    Duration duration = opt.duration != null ? opt.duration : opt.simulation == LoadOptions.Sim.SWEEP ? shape.stepDuration() : shape.duration();
    List<Double> steps = opt.simulation == LoadOptions.Sim.SWEEP ? shape.sweepSteps() : List.of();
    Class<? extends Simulation> sim = switch (opt.simulation) {
      case FULL -> FullStackSimulation.class;
      case READ -> ReadMixSimulation.class;
      case WRITE -> WriteMixSimulation.class;
      case SWEEP -> SteppedRateSimulation.class;
      case POINT -> PointReadSimulation.class;
    };
    rec.settings.put("load_simulation", opt.simulation.label);
    rec.settings.put("load_read_rate_users_per_sec", steps.isEmpty() ? readRate : null);
    rec.settings.put("load_write_rate_journeys_per_sec", writeRate);
    rec.settings.put("load_duration_seconds", duration.toSeconds());
    rec.settings.put("load_sweep_steps_users_per_sec", steps);
    rec.settings.put("load_target_url", opt.targetUrl == null ? "(the api, started by bench)" : opt.targetUrl.toString());
    rec.settings.put("api_pool_size", opt.poolSize);
    rec.settings.put("load_feeds", "from the deterministic dataset (scale " + dataset.scaleText() + ", seed " + dataset.seed() + ")");

    boolean point = opt.simulation == LoadOptions.Sim.POINT;
    if (point) {
      rec.settings.put("load_connections", opt.connections);
    }
    LoadPlan plan = point
        ? new LoadPlan(null, 0, 0, duration, List.of(), java.util.Map.of(PointReadSimulation.REQUEST, Feeds.ids(dataset, 4096)), List.of(),
            assertions, opt.connections)
        : new LoadPlan(null, readRate, writeRate, duration, steps, rotated(Feeds.reads(dataset, 512), injector),
            Feeds.writes(dataset, 128, injector == null ? 0 : injector.index()), assertions);
    ApiProcess api = null;
    Connection stats = null;
    LocalInjectors.Started started = null;
    try {
      String base;
      if (opt.targetUrl == null) {
        ApiSettings settings = ApiSettings.defaults().withPool(opt.poolSize, ApiSettings.defaults().acquireTimeoutMs());
        List<String> jvm = opt.profileApi
            ? List.of("-XX:StartFlightRecording=filename=" + rec.dir.dir.resolve("api.jfr") + ",settings=profile,dumponexit=true")
            : List.of();
        api = ApiProcess.start(s.server.connectUrl(), s.server.connectionProperties(), settings, rec.dir.dir.resolve("api.log"), jvm);
        base = api.baseUrl();
        console.say("bench: api started on " + base + " (its own JVM, pid " + api.pid() + ")");
      } else {
        base = opt.targetUrl.toString(); // its /health was checked when the command started
      }
      plan = plan.at(base);
      String shapeText = point ? opt.connections + " requests in flight (closed model), GET /projects/{id}/header"
          : steps.isEmpty() ? String.format(Locale.ROOT, "%.0f read users/s + %.1f write journeys/s", readRate, writeRate)
          : "steps " + steps + " users/s";
      console.say(String.format(Locale.ROOT, "bench: load: %s simulation, %s for %d s against %s", opt.simulation.label, shapeText,
          plan.totalDuration().toSeconds(), base));
      LoadPlan warm = new LoadPlan(base, plan.readRate(), plan.writeRate(), shape.warmup(),
          steps.isEmpty() ? List.of() : List.of(steps.get(0)), plan.feeds(), plan.writeFeed(), plan.assertions(), plan.concurrency());
      if (opt.injectors == null) { // local injectors warm up themselves
        console.say("bench: load: warming up for " + shape.warmup().toSeconds() + " s (not recorded)");
        GatlingLauncher.warmUp(warm, sim == SteppedRateSimulation.class ? ReadMixSimulation.class : sim, rec.dir.dir);
      }
      rec.settings.put("load_warmup_seconds", shape.warmup().toSeconds());
      if (opt.injectors != null) {
        started = LocalInjectors.start(opt.injectors, injectorArgs(opt, base, dataset, profile), shape.warmup(), rec.dir.dir, console);
      }
      DbMetrics.CacheState cache = null;
      StatsSnapshot before = null;
      if (s != null) {
        stats = s.server.connect();
        if (started != null) {
          // the database's window starts with the injectors' recorded load, after their warm-ups
          long ms = java.time.Duration.between(java.time.Instant.now(), started.startAt()).toMillis() - 1000;
          if (ms > 0) {
            Thread.sleep(ms);
          }
        }
        cache = DbMetrics.prepareCache(s.server, prewarm);
        rec.settings.put("prewarm", cache.note());
        if (started == null) { // the injectors are about to start: no quiet moment to wait for
          quiet(DbMetrics.awaitQuiescence(stats, 5_000), rec, console);
        }
        before = DbMetrics.snapshot(stats);
      }
      long cpu0 = api == null ? -1 : api.cpuNanos();
      long seedNanos = System.nanoTime(); // the view is fresh from the seed or the last command: its age is counted from here
      MvRefresher refresher = opt.mvRefresh != null && s != null ? new MvRefresher(s.server, opt.mvRefresh) : null;
      GatlingLauncher.Outcome o;
      InjectorMerge.Merged merged = null;
      List<PoolSampler.Sample> poolSamples;
      long startNanos;
      try (PoolSampler sampler = new PoolSampler(base)) {
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
            if (opt.startAt != null) {
              waitUntil(opt.startAt, rec, console);
            }
            o = GatlingLauncher.run(plan, sim, rec.dir.dir, console::say);
            startNanos = o.recorder().startNanos();
            RecorderState.write(o.recorder(), InjectorMerge.plan(plan, new InjectorMerge.LoadRunInfo(profile.label(), opt.simulation.label,
                dataset.scaleText(), dataset.seed(), injector, opt.startAt, o.exitCode())), rec.dir.dir.resolve(RecorderState.FILE));
          }
        } finally {
          if (refresher != null) {
            refresher.close();
          }
        }
        poolSamples = sampler.stop();
      }
      long cpu1 = api == null ? -1 : api.cpuNanos();
      Load load = LoadMapper.load(profile.label(), opt.simulation.label, plan, o);
      load = load.withPool(poolHealth(poolSamples, startNanos));
      if (merged != null) {
        load = InjectorMerge.finish(load, merged, rec.dir.dir);
        console.say("bench: load: " + load.rateNote());
      } else if (injector != null) {
        load = load.withInjectors(List.of(InjectorMerge.self(load, injector, opt.startAt,
            java.time.Instant.ofEpochMilli(o.recorder().startEpochMs()), rec.dir.dir)));
      }
      if (refresher != null) {
        rec.settings.put("load_mv_refresh_seconds", opt.mvRefresh.toSeconds());
        java.util.Set<String> agg = new java.util.HashSet<>();
        for (dev.apexbench.gatling.Route r : dev.apexbench.gatling.Route.values()) {
          if (r.group.equals("aggregation")) {
            agg.add(r.requestName);
          }
        }
        load = load.withMvRefresh(MvRefresher.analyse(opt.mvRefresh, refresher.refreshes(), o.recorder().startNanos(), seedNanos,
            o.recorder().hlog(), agg, java.util.Set.of(dev.apexbench.gatling.Route.TENANT_STATS_VIEW.requestName),
            (int) Math.ceil(load.durationSeconds())));
        console.say("bench: load: " + load.mvRefresh().note());
      }
      if (point) {
        load = load.withPoint(pointCeiling(s, dataset, opt.connections, duration, load, cpu0, cpu1, console));
      }
      if (s == null) {
        return new Measured(load, null, null);
      }
      if (api != null) {
        api.close(); // its connections close, so their statistics are flushed
        api = null;
        quiet(DbMetrics.awaitQuiescence(stats, 15_000, "apex-bench%"), rec, console);
      } else {
        Thread.sleep(11_000); // an external api's idle connections flush their statistics within 10 s
      }
      StatsSnapshot after = DbMetrics.snapshot(stats);
      return new Measured(load, StatsWindow.between("load", before, after), cache);
    } finally {
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
      if (opt.profileApi && Files.isRegularFile(jfr)) {
        JfrSummary.write(jfr, rec.dir.dir.resolve("api-profile.txt"), 30);
        console.say("bench: the api's CPU profile: api-profile.txt (and api.jfr for JDK Mission Control) in the run directory");
      }
    }
  }

  /** The read feeds of injector K of N: each list rotated by K/N of its length, so injectors do not walk it in step. */
  static java.util.Map<String, List<java.util.Map<String, Object>>> rotated(java.util.Map<String, List<java.util.Map<String, Object>>> feeds,
      LoadOptions.Injector injector) {
    if (injector == null || injector.index() == 0) {
      return feeds;
    }
    java.util.Map<String, List<java.util.Map<String, Object>>> out = new java.util.LinkedHashMap<>();
    feeds.forEach((k, v) -> {
      List<java.util.Map<String, Object>> copy = new java.util.ArrayList<>(v);
      java.util.Collections.rotate(copy, -(int) ((long) v.size() * injector.index() / injector.count()));
      out.put(k, copy);
    });
    return out;
  }

  /** Waits for the shared start instant; a late start (a pod scheduled late) is said and kept in the settings. */
  static void waitUntil(java.time.Instant at, RunRecorder rec, Console console) throws InterruptedException {
    long ms = java.time.Duration.between(java.time.Instant.now(), at).toMillis();
    if (ms > 0) {
      console.say("bench: load: waiting " + Math.round(ms / 1000.0) + " s for the shared start " + at);
      Thread.sleep(ms);
      rec.settings.put("load_start_late_ms", 0);
    } else {
      console.say("bench: load: starting " + (-ms) + " ms after the shared start " + at + " (the merge shows the offset)");
      rec.settings.put("load_start_late_ms", -ms);
    }
  }

  /** What every local injector gets besides --injector, --start-at and --out: the same load against the same api. */
  static List<String> injectorArgs(LoadOptions opt, String base, DatasetSpec dataset, Profile profile) {
    List<String> a = new java.util.ArrayList<>(List.of("--target-url", base, "--scale", dataset.scaleText(), "--seed",
        Long.toString(dataset.seed()), "--profile", profile.label(), "--simulation", opt.simulation.label));
    if (opt.rate != null) {
      a.addAll(List.of("--rate", Double.toString(opt.rate)));
    }
    if (opt.duration != null) {
      a.addAll(List.of("--duration", opt.duration.toMillis() + "ms"));
    }
    if (opt.targetsFile != null) {
      a.addAll(List.of("--targets", opt.targetsFile.toAbsolutePath().toString()));
    }
    return a;
  }

  /** The pool samples taken within the load as its health (null when the api gave none). */
  static Load.PoolHealth poolHealth(List<PoolSampler.Sample> samples, long startNanos) {
    List<PoolSampler.Sample> within = samples.stream().filter(x -> x.nanos() >= startNanos).toList();
    if (within.isEmpty()) {
      return null;
    }
    double[] util = within.stream().mapToDouble(x -> x.max() > 0 ? 100 * x.active() / x.max() : 0).sorted().toArray();
    java.util.function.IntFunction<Double> at = pct -> util[Math.max(0, (int) Math.ceil(pct / 100.0 * util.length) - 1)];
    List<Load.PoolHealth.Sample> timeline = within.stream()
        .map(x -> new Load.PoolHealth.Sample(Math.round((x.nanos() - startNanos) / 1e7) / 100.0, x.active(), x.idle(), x.pending())).toList();
    return new Load.PoolHealth(within.size(), within.get(within.size() - 1).max(),
        Math.round(within.stream().mapToDouble(PoolSampler.Sample::active).average().orElse(0) * 100) / 100.0,
        Math.round(at.apply(50) * 100) / 100.0, Math.round(at.apply(95) * 100) / 100.0, Math.round(util[util.length - 1] * 100) / 100.0,
        (int) within.stream().mapToDouble(PoolSampler.Sample::pending).max().orElse(0), timeline);
  }

  /**
   * The api's point-read rate beside the database's own for the same SQL at the same concurrency,
   * measured right after the api's run on the same server; and the api JVM's CPU time per request.
   */
  static Load.PointCeiling pointCeiling(Session s, DatasetSpec dataset, int connections, Duration d, Load load, long cpu0, long cpu1,
      Console console) throws Exception {
    long ok = load.total().requests() - load.total().ko();
    double apiRps = ok * 1000.0 / d.toMillis();
    Double cpuPerRequest = cpu0 >= 0 && cpu1 >= cpu0 && ok > 0 ? (cpu1 - cpu0) / 1e6 / ok : null;
    if (s == null) {
      return new Load.PointCeiling(connections, apiRps, Double.NaN, "not measured", Double.NaN, cpuPerRequest, load.total().p50Ms(),
          load.total().p99Ms(), "the database was not connected (pass --db) so its own rate was not measured");
    }
    console.say("bench: load: the database's own point-read rate, " + connections + " connections, " + d.toSeconds() + " s ...");
    DbPointRate.Rate db = DbPointRate.measure(s.server, dataset.projects(), connections, d);
    double ratio = db.perSecond() > 0 ? apiRps / db.perSecond() : Double.NaN;
    console.say(String.format(Locale.ROOT, "bench: point read: api %.0f req/s, database %.0f/s (%s): ratio %.2f", apiRps, db.perSecond(),
        db.method(), ratio));
    return new Load.PointCeiling(connections, apiRps, db.perSecond(), db.method(), ratio, cpuPerRequest, load.total().p50Ms(),
        load.total().p99Ms(), null);
  }

  /**
   * The dataset a deployment serves, from its {@code GET /dataset}; empty when it does not say
   * (an older api, or another implementation of the contract).
   */
  static java.util.Optional<DatasetSpec> datasetOf(String base) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create(base + "/dataset")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return java.util.Optional.empty();
      }
      com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
      if (!n.hasNonNull("scale") || !n.hasNonNull("seed")) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new DatasetSpec(new java.math.BigDecimal(n.get("scale").asText()), n.get("seed").asLong()));
    } catch (java.io.IOException | RuntimeException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  static void checkHealth(String base) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw BenchException.environment("--target-url: " + base + "/health answered " + r.statusCode() + " (expected 200)", null);
      }
    } catch (java.io.IOException e) {
      throw BenchException.environment("--target-url: " + base + " does not answer (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BenchException.environment("--target-url: interrupted", e);
    }
  }

  private static void quiet(boolean clean, RunRecorder rec, Console console) {
    if (!clean) {
      rec.uncleanWindow(console);
    }
  }
}
