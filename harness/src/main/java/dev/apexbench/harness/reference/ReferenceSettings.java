package dev.apexbench.harness.reference;

import dev.apexbench.dataset.DatasetSpec;
import java.time.Duration;

/**
 * A reference server of known capacity, latency and contention: the standard the capacity search,
 * the USL fit, the bottleneck and the regression gate are calibrated against.
 *
 * <p>Every request waits for one of {@code workers} workers (first come, first served), then for
 * one of {@code poolSize} permits (a connection pool's stand-in), then is served for its service
 * time: {@code serviceTime} (fixed, or exponential with that mean) times {@code 1 + sigma (n - 1) +
 * kappa n (n - 1)}, n being the requests in service when it starts, times {@code 1 +
 * slowdownPct / 100}. So, with sigma and kappa 0:
 *
 * <ul>
 *   <li>its open-model capacity is {@code workers / serviceTime} (or {@code poolSize /
 *       serviceTime} when the pool is smaller);
 *   <li>under Poisson arrivals it is an M/D/c queue (fixed service) or M/M/c (exponential), c the
 *       smaller of workers and pool;
 * </ul>
 *
 * and with C clients in a closed loop (C at most the workers and the pool) its throughput is the
 * Universal Scalability Law with the set sigma and kappa: {@code C / (serviceTime (1 + sigma (C - 1)
 * + kappa C (C - 1)))}, by construction.
 *
 * @param workers requests served at once; the rest queue
 * @param poolSize permits a request holds while served (a pool smaller than the workers makes it the
 *     bottleneck, with waits to show for it)
 * @param serviceTime the base service time
 * @param exponential exponential service times (seeded) instead of fixed ones
 * @param sigma contention: the share of a request's time that every other request in service adds to it
 * @param kappa coherency: the share every pair of requests in service adds
 * @param slowdownPct every service time longer by this much (a regression of known size)
 * @param seed of the exponential service times
 * @param dataset the dataset it says it serves (GET /dataset), so a load needs no database
 */
public record ReferenceSettings(int workers, int poolSize, Duration serviceTime, boolean exponential, double sigma, double kappa,
    double slowdownPct, long seed, DatasetSpec dataset) {

  public ReferenceSettings {
    if (workers < 1 || workers > 1024) {
      throw new IllegalArgumentException("workers: " + workers + " is not allowed (allowed: 1 to 1024)");
    }
    if (poolSize < 1 || poolSize > 1024) {
      throw new IllegalArgumentException("pool-size: " + poolSize + " is not allowed (allowed: 1 to 1024)");
    }
    if (serviceTime.isNegative() || serviceTime.toSeconds() > 60) {
      throw new IllegalArgumentException("service-time: " + serviceTime + " is not allowed (allowed: 0 to 60 s)");
    }
    if (!(sigma >= 0 && sigma <= 1)) {
      throw new IllegalArgumentException("sigma: " + sigma + " is not allowed (allowed: 0 to 1)");
    }
    if (!(kappa >= 0 && kappa <= 1)) {
      throw new IllegalArgumentException("kappa: " + kappa + " is not allowed (allowed: 0 to 1)");
    }
    if (!(slowdownPct >= 0 && slowdownPct <= 10_000)) {
      throw new IllegalArgumentException("slowdown: " + slowdownPct + " is not allowed (allowed: 0 to 10000 percent)");
    }
  }

  /** {@code workers} workers and as many permits, fixed service time, no contention, no slowdown. */
  public static ReferenceSettings of(int workers, Duration serviceTime, DatasetSpec dataset) {
    return new ReferenceSettings(workers, workers, serviceTime, false, 0, 0, 0, 42, dataset);
  }

  public ReferenceSettings withPool(int permits) {
    return new ReferenceSettings(workers, permits, serviceTime, exponential, sigma, kappa, slowdownPct, seed, dataset);
  }

  public ReferenceSettings withContention(double s, double k) {
    return new ReferenceSettings(workers, poolSize, serviceTime, exponential, s, k, slowdownPct, seed, dataset);
  }

  public ReferenceSettings withSlowdown(double pct) {
    return new ReferenceSettings(workers, poolSize, serviceTime, exponential, sigma, kappa, pct, seed, dataset);
  }

  public ReferenceSettings exponentialService() {
    return new ReferenceSettings(workers, poolSize, serviceTime, true, sigma, kappa, slowdownPct, seed, dataset);
  }

  /** Requests per second it can complete: the smaller of workers and permits over the service time (no contention). */
  public double capacityRps() {
    return Math.min(workers, poolSize) / (serviceTime.toNanos() / 1e9) / (1 + slowdownPct / 100);
  }
}
