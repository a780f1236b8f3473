package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.harness.distributed.InjectorSlot;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.Simulation;
import dev.apexbench.harness.run.Profile;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Load settings: shape and target. Rates are arrivals per second (open workload model). */
public final class LoadOptions {
  @Option(names = "--rate", paramLabel = "R", converter = LoadConverters.RateConverter.class,
      description = "Read users started per second (one request each); write journeys start at R/10 per second. Default: the profile's.")
  Double rate;

  @Option(names = "--duration", paramLabel = "D", converter = LoadConverters.DurationConverter.class,
      description = "How long to hold the rate, e.g. 30s, 2m (a plain number is seconds). Default: the profile's.")
  Duration duration;

  @Option(names = "--warmup", paramLabel = "D", converter = LoadConverters.DurationConverter.class,
      description = "The unrecorded warm-up before the load, at the same rates, e.g. 5s. Default: the profile's (smoke 5 s, quick 15 s,"
          + " full 30 s).")
  Duration warmup;

  @Option(names = "--mv-refresh", paramLabel = "EVERY", converter = LoadConverters.DurationConverter.class,
      description = "Refresh the materialized view (REFRESH MATERIALIZED VIEW CONCURRENTLY project_stats) on this schedule during the"
          + " load, e.g. 20s (the report's cron: 5m), and report the aggregation reads during and outside the refreshes and how stale"
          + " the view was when read. Needs the database (not --target-url alone).")
  Duration mvRefresh;

  @Option(names = "--simulation", paramLabel = "full|read|write|sweep|point", defaultValue = "full", converter = LoadConverters.SimulationConverter.class,
      description = "full: reads and writes together; read; write; sweep: the read mix at increasing rates (capacity);"
          + " point: the point-read ceiling, closed model, against the database's own rate for the same SQL. Default: ${DEFAULT-VALUE}.")
  Simulation simulation;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "8", converter = LoadConverters.ConnectionsConverter.class,
      description = "For --simulation point: requests in flight at once (and database connections of its baseline), 1 to 256. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--profile-api", description = "Record a Java Flight Recording of the api's JVM during the load (api.jfr in the run"
      + " directory, with the hottest methods in api-profile.txt). Only for the api bench starts.")
  boolean profileApi;

  /**
   * The load as the engine takes it, after the checks of what the injector options combine with
   * (one line naming the option, exit 2, before any work).
   *
   * @param targetsFile the targets file the command was given (passed on to local injectors), or null
   */
  LoadRequest request(Profile profile, boolean prewarm, java.nio.file.Path targetsFile) {
    checkInjectors(prewarm);
    return new LoadRequest(profile, rate, duration, mvRefresh, simulation, connections, profileApi, targetUrl, poolSize, injector, startAt,
        injectors, targetsFile, prewarm, warmup);
  }

  /** --injector, --start-at and --injectors: what they combine with. */
  private void checkInjectors(boolean prewarm) {
    boolean split = injector != null || injectors != null;
    if (injector != null && injectors != null) {
      throw BenchException.usage("--injectors: not with --injector " + injector.label() + " (allowed: --injector K/N for one injector"
          + " of a distributed run, or --injectors N to run N here)");
    }
    if (injector != null && targetUrl == null) {
      throw BenchException.usage("--injector " + injector.label() + ": needs --target-url (allowed: injectors load a deployment by URL;"
          + " --injectors N starts the api and N injectors here)");
    }
    if (startAt != null && injector == null) {
      throw BenchException.usage("--start-at " + startAt + ": only with --injector K/N (allowed: --injector K/N --start-at INSTANT)");
    }
    if (split && !simulation.splittable()) {
      throw BenchException.usage("--simulation " + simulation.label + ": not with injectors (allowed with --injector/--injectors: full,"
          + " read, write)");
    }
    if (injectors != null && !prewarm) {
      throw BenchException.usage("--no-prewarm: not with --injectors (their warm-ups fill the cache before the recorded load; allowed:"
          + " one or the other)");
    }
    if (split && mvRefresh != null) {
      throw BenchException.usage("--mv-refresh: not with injectors (allowed: --mv-refresh on a single-injector load)");
    }
    if (startAt != null) {
      java.time.Instant now = java.time.Instant.now();
      if (startAt.isBefore(now.minusSeconds(60)) || startAt.isAfter(now.plus(Duration.ofDays(1)))) {
        throw BenchException.usage("--start-at: " + startAt + " is not allowed (allowed: an instant from one minute ago to one day"
            + " ahead; now is " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
      }
    }
  }

  @Option(names = "--target-url", paramLabel = "URL", converter = LoadConverters.UrlConverter.class,
      description = "Load an existing deployment with the api's contract (see api/README.md) instead of starting the api."
          + " Needs only HTTP: request parameters come from the deterministic dataset (its GET /dataset, or --scale and --seed);"
          + " add --db with its database to sample pg_stat_* too.")
  URI targetUrl;

  @Option(names = "--pool-size", paramLabel = "N", defaultValue = "10", converter = LoadConverters.PoolSizeConverter.class,
      description = "The started api's HikariCP pool size, 1 to 90 (the server allows 100 connections). Default: ${DEFAULT-VALUE}.")
  int poolSize;

  @Option(names = "--injector", paramLabel = "K/N", converter = LoadConverters.InjectorConverter.class,
      description = "Run injector K of N (K from 0, as Kubernetes' JOB_COMPLETION_INDEX): 1/N of the scheduled rate (an independent"
          + " random stream, so the N add up to the whole), a disjoint share of the write tenants, and the interval log and"
          + " load-state.json that `bench merge` adds up exactly. Needs --target-url; for full, read and write.")
  InjectorSlot injector;

  @Option(names = "--start-at", paramLabel = "INSTANT", converter = LoadConverters.InstantConverter.class,
      description = "With --injector: start the recorded load at this instant (ISO 8601, e.g. 2026-12-01T10:00:00Z), so injectors on"
          + " several machines line up without talking to each other; the warm-up runs before it.")
  java.time.Instant startAt;

  @Option(names = "--injectors", paramLabel = "N", converter = LoadConverters.InjectorsConverter.class,
      description = "Split the load over N injector JVMs on this machine (2 to 16), each `bench load --injector K/N`, and merge their"
          + " runs: the distributed path, run locally. For full, read and write.")
  Integer injectors;

}
