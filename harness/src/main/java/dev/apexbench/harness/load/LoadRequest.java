package dev.apexbench.harness.load;

import dev.apexbench.harness.distributed.InjectorSlot;
import dev.apexbench.harness.run.Profile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a load phase runs. Rates are arrivals per second (open workload model).
 *
 * @param profile the profile whose shape fills in what is null here
 * @param rate read users per second (write journeys at a tenth of it in the full mix), or null for the profile's
 * @param duration how long the rate is held, or null for the profile's
 * @param mvRefresh refresh the materialized view on this schedule during the load, or null
 * @param connections requests in flight for the point simulation
 * @param profileApi record a flight recording of the api's JVM
 * @param targetUrl a deployment to load instead of starting the api, or null
 * @param poolSize the started api's HikariCP pool size
 * @param injector this process's share of a distributed load, or null
 * @param startAt with {@code injector}: the shared instant the recorded load starts, or null
 * @param injectors split the load over this many local injector JVMs, or null
 * @param targetsFile the targets file given (passed on to local injectors), or null for the default
 * @param prewarm load the harness's relations into shared buffers first (else a cold start)
 * @param warmup the unrecorded warm-up before the load, or null for the profile's
 */
public record LoadRequest(Profile profile, Double rate, Duration duration, Duration mvRefresh, Simulation simulation, int connections,
    boolean profileApi, URI targetUrl, int poolSize, InjectorSlot injector, Instant startAt, Integer injectors, Path targetsFile,
    boolean prewarm, Duration warmup) {

  /** The profile's load with the defaults of bench load (full mix, pool of 10, 8 connections, prewarmed). */
  public static LoadRequest of(Profile profile) {
    return new LoadRequest(profile, null, null, null, Simulation.FULL, 8, false, null, 10, null, null, null, null, true, null);
  }

  /** The warm-up: the request's, else the profile's. */
  public Duration warmupOrProfile() {
    return warmup != null ? warmup : profile.load().warmup();
  }
}
