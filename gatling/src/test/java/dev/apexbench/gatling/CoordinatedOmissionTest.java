package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load is open-model and measured from the client, so it is not blind to coordinated
 * omission: freezing the api's whole JVM (SIGSTOP, like a long GC pause) for 2 s while users keep
 * arriving must show up as response times of about 2 s, not as a gap in the data.
 */
@RealServer
class CoordinatedOmissionTest {
  @TempDir Path runDir;

  @Test
  void aTwoSecondStallRaisesTheRecordedP99ToAboutTheStall() throws Exception {
    PgServer pg = LoadTestSupport.seeded();
    try (ApiProcess api = ApiProcess.start(pg.connectUrl(), pg.connectionProperties(), LoadTestSupport.api(), runDir.resolve("api.log"))) {
      LoadPlan plan = LoadTestSupport.plan(api.baseUrl(), 30, 0, Duration.ofSeconds(9));
      CompletableFuture<GatlingLauncher.Outcome> run =
          CompletableFuture.supplyAsync(() -> GatlingLauncher.run(plan, ReadMixSimulation.class, runDir, m -> {}));
      // wait until the load is flowing, then freeze the api for 2 s
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (LoadContextProbe.requests() < 20 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(1000);
      signal(api.pid(), "-STOP");
      Thread.sleep(2000);
      signal(api.pid(), "-CONT");
      GatlingLauncher.Outcome o = run.get();

      double p99ms = o.recorder().total().getValueAtPercentile(99) / 1e6;
      double maxMs = o.recorder().total().getMaxValue() / 1e6;
      long users = o.recorder().arrivals();
      assertThat(users).as("users kept arriving on schedule through the stall (open model)").isGreaterThanOrEqualTo(230);
      assertThat(maxMs).as("the longest wait is about the stall").isBetween(1700.0, 4000.0);
      assertThat(p99ms).as("p99 reflects the stall, not just the requests that happened to be in flight").isGreaterThanOrEqualTo(1500.0);
      assertThat(o.recorder().totalKo()).as("delayed, not failed").isZero();
    }
  }

  private static void signal(long pid, String sig) throws Exception {
    new ProcessBuilder("kill", sig, Long.toString(pid)).inheritIO().start().waitFor();
  }
}
