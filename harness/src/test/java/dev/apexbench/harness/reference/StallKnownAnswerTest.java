package dev.apexbench.harness.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.RealServer;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.LoadRun;
import dev.apexbench.harness.load.Simulation;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stall of known length: the reference server frozen for 2 s in the middle of a 10 s open-model
 * load of 40 requests/s (Poisson). A request sent t s into the stall waits 2 - t s: the 40 or so
 * sent in its first second (10 % of the 400) wait at least 1 s, so p95 is at least 1 s (fewer than
 * 20 arrivals in that second has a probability of 4e-4); the first sent waits about 2 s, so the
 * maximum lies between 1.8 s (no arrival in the first 0.2 s: 3e-4) and 3 s. A generator that waited
 * for the server (the coordinated-omission mistake) would record at most its 8 connections' worth of
 * slow requests, 2 %, and a normal p95.
 */
@RealServer
class StallKnownAnswerTest {
  @TempDir Path home;

  @Test
  void aTwoSecondStallOfTheServerShowsAsP95OfAtLeastOneSecond() throws Exception {
    DatasetSpec data = new DatasetSpec(new BigDecimal("0.1"), 42);
    try (ReferenceServer server = ReferenceServer.start(ReferenceSettings.of(4, Duration.ofMillis(5), data))) {
      LoadRequest req = new LoadRequest(Profile.SMOKE, 40.0, Duration.ofSeconds(10), null, Simulation.READ, 8, false,
          URI.create(server.baseUrl()), 10, null, null, null, null, true, Duration.ofSeconds(1));
      CompletableFuture<Void> stall = CompletableFuture.runAsync(() -> {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a load that never got there fails below, not hangs
        try {
          while (server.requests() < 40 + 4 * 40 && System.nanoTime() < deadline) { // the 1 s warm-up, then 4 s into the load
            Thread.sleep(5);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        server.stall(Duration.ofSeconds(2));
      });
      Results r = LoadRun.run(new TestWorkspace(home).workspace(), null, data, req, Targets.parse("version: 1\n", "none"), home.resolve("r"));
      stall.join();
      assertThat(r.load().total().p95Ms()).as("p95 with a 2 s stall: %s", r.load().total()).isGreaterThanOrEqualTo(1000);
      assertThat(r.load().total().maxMs()).isBetween(1800.0, 3000.0);
    }
  }
}
