package dev.apexbench.harness.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the api's HikariCP pool once a second from its {@code /metrics} (Prometheus text):
 * active, pending and maximum connections. An api without these metrics gives no samples.
 */
public final class PoolSampler implements AutoCloseable {
  /**
   * One sample: connections in use, idle, threads waiting for one, the pool's size; when ({@link
   * System#nanoTime()}); and HikariCP's acquire timer as it stood (its count and sum since the api
   * started, and its recent maximum, in seconds), null where the api has none.
   */
  public record Sample(double active, double pending, double max, double idle, long nanos, Double acquireCount, Double acquireSumSeconds,
      Double acquireMaxSeconds) {
    public Sample(double active, double pending, double max) {
      this(active, pending, max, 0, 0, null, null, null);
    }

    Sample at(long when) {
      return new Sample(active, pending, max, idle, when, acquireCount, acquireSumSeconds, acquireMaxSeconds);
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI metrics;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "apex-pool-sampler");
    t.setDaemon(true);
    return t;
  });

  public PoolSampler(String baseUrl) {
    this.metrics = URI.create(baseUrl + "/metrics");
    timer.scheduleAtFixedRate(this::sample, 500, 1000, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return;
      }
      Sample p = parse(r.body());
      Sample s = p == null ? null : p.at(System.nanoTime());
      if (s != null) {
        synchronized (samples) {
          samples.add(s);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // a missed sample: the step's pool figures come from the others
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The pool's gauges from a Prometheus exposition, or null when it has none. */
  public static Sample parse(String text) {
    Double active = null;
    Double pending = null;
    Double max = null;
    Double idle = null;
    Double count = null;
    Double sum = null;
    Double slowest = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Double v = value(line, "hikaricp_connections_active");
      active = v != null ? v : active;
      v = value(line, "hikaricp_connections_pending");
      pending = v != null ? v : pending;
      v = value(line, "hikaricp_connections_max");
      max = v != null ? v : max;
      v = value(line, "hikaricp_connections_idle");
      idle = v != null ? v : idle;
      v = value(line, "hikaricp_connections_acquire_seconds_count");
      count = v != null ? v : count;
      v = value(line, "hikaricp_connections_acquire_seconds_sum");
      sum = v != null ? v : sum;
      v = value(line, "hikaricp_connections_acquire_seconds_max");
      slowest = v != null ? v : slowest;
    }
    return active == null || max == null ? null
        : new Sample(active, pending == null ? 0 : pending, max, idle == null ? 0 : idle, 0, count, sum, slowest);
  }

  private static Double value(String line, String name) {
    if (!line.startsWith(name) || line.length() <= name.length() || (line.charAt(name.length()) != '{' && line.charAt(name.length()) != ' ')) {
      return null;
    }
    try {
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Stops sampling; the samples taken. */
  public List<Sample> stop() {
    timer.shutdownNow();
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
