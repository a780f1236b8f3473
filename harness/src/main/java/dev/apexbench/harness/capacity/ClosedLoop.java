package dev.apexbench.harness.capacity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients in a closed loop, each sending its next request the moment its last is answered, over
 * kept-alive connections: the throughput a fixed concurrency finds. A plain JDK client, so that
 * the client's own time between requests (a fraction of a millisecond) stays small beside the
 * server's: in a closed loop it counts against the throughput measured.
 */
final class ClosedLoop {
  /** What a level measured: successful answers per second, failures, and the mean response time. */
  record Measured(double throughputRps, long failed, double meanMs) {}

  private ClosedLoop() {}

  /**
   * @param paths the request paths, used in turn
   * @param warmup run this long before counting (connections opened, the server's JIT warm)
   * @param window count answers completed within this
   */
  static Measured run(String base, List<String> paths, int n, Duration warmup, Duration window) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    long start = System.nanoTime() + warmup.toNanos();
    long end = start + window.toNanos();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong nanos = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          String path = paths.get(Math.floorMod(next.getAndIncrement(), paths.size()));
          long t0 = System.nanoTime();
          boolean good;
          try {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
            good = r.statusCode() == 200;
          } catch (java.io.IOException e) {
            good = false;
          } catch (InterruptedException e) {
            return;
          }
          long t1 = System.nanoTime();
          if (t1 >= start && t1 < end) {
            if (good) {
              ok.incrementAndGet();
              nanos.addAndGet(t1 - t0);
            } else {
              failed.incrementAndGet();
            }
          }
        }
      }, "apex-closed-loop-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = window.toNanos() / 1e9;
    return new Measured(ok.get() / seconds, failed.get(), ok.get() == 0 ? 0 : nanos.get() / 1e6 / ok.get());
  }

  /** The point read's paths for these feed rows ({@code GET /projects/{id}/header}). */
  static List<String> pointReads(List<Map<String, Object>> ids) {
    return ids.stream().map(m -> "/projects/" + m.get("id") + "/header").toList();
  }
}
