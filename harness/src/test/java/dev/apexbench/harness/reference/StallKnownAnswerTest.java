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
 * load. Every request sent in the first 0.2 s of the stall waits at least 1.8 s, and those are 2 %
 * of the load: the recorded p99 must be at least 1.8 s (a generator that waited for the server, the
 * coordinated-omission mistake, would record a few slow requests and a normal p99).
 */
@RealServer
class StallKnownAnswerTest {
  @TempDir Path home;

  @Test
  void aTwoSecondStallOfTheServerShowsAsP99OfAtLeastOnePointEightSeconds() throws Exception {
    DatasetSpec data = new DatasetSpec(new BigDecimal("0.1"), 42);
    try (ReferenceServer server = ReferenceServer.start(ReferenceSettings.of(4, Duration.ofMillis(5), data))) {
      LoadRequest req = new LoadRequest(Profile.SMOKE, 40.0, Duration.ofSeconds(10), null, Simulation.READ, 8, false,
          URI.create(server.baseUrl()), 10, null, null, null, null, true, Duration.ofSeconds(1));
      CompletableFuture<Void> stall = CompletableFuture.runAsync(() -> {
        try {
          Thread.sleep(1_000 + 4_000); // the warm-up, then 4 s into the recorded load
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        server.stall(Duration.ofSeconds(2));
      });
      Results r = LoadRun.run(new TestWorkspace(home).workspace(), null, data, req, Targets.parse("version: 1\n", "none"), home.resolve("r"));
      stall.join();
      assertThat(r.load().total().p99Ms()).as("p99 with a 2 s stall: %s", r.load().total()).isGreaterThanOrEqualTo(1800);
      assertThat(r.load().total().maxMs()).isBetween(1800.0, 3000.0);
    }
  }
}
