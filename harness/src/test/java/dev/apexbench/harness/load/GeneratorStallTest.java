package dev.apexbench.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Progress;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.TestPostgres;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.ReadMixSimulation;
import dev.apexbench.harness.run.LoadMapper;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stalled load generator fails the run. The whole generator JVM (this test JVM, where Gatling
 * runs) is stopped for 2 s with SIGSTOP by a shell outside it, mid-run, as a long GC pause or CPU
 * starvation would stop it; the api runs in its own JVM and is not stopped. The requests due in
 * the stall go out late and are timed from their late start, so the latencies cannot show it; the
 * generator's pause meter and its schedule check must, and the shipped targets must fail the run
 * naming the generator.
 */
@RealServer
class GeneratorStallTest {
  @TempDir Path runDir;

  private static long requests() {
    try {
      return dev.apexbench.gatling.LoadContext.recorder().totalRequests();
    } catch (IllegalStateException e) {
      return 0; // not started yet
    }
  }

  @Test
  void aTwoSecondGeneratorStallFailsTheRunNamingTheGenerator() throws Exception {
    PgServer pg = TestPostgres.server();
    new Seeder(m -> {}, Progress.NONE).ensure(pg, new Seeder.Request(new DatasetSpec(new BigDecimal("0.1"), 42), SchemaVariant.REPORT, false));
    // a long acquire timeout: on a busy machine the api queues rather than sheds; 503s are not the subject here
    ApiSettings settings = ApiSettings.defaults().withPool(10, 30_000);
    try (ApiProcess api = ApiProcess.start(pg.connectUrl(), pg.connectionProperties(), settings, runDir.resolve("api.log"))) {
      DatasetSpec dataset = new DatasetSpec(new BigDecimal("0.1"), 42);
      LoadPlan plan = new LoadPlan(api.baseUrl(), 30, 0, Duration.ofSeconds(10), List.of(), Feeds.reads(dataset, 64),
          Feeds.writes(dataset, 16), new LoadPlan.LoadAssertions(null, Map.of()));
      CompletableFuture<GatlingLauncher.Outcome> run =
          CompletableFuture.supplyAsync(() -> GatlingLauncher.run(plan, ReadMixSimulation.class, runDir, m -> {}));
      // wait until the load is flowing (Gatling's start takes seconds on a busy machine), then stall mid-run
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (requests() < 20 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(1000);
      long self = ProcessHandle.current().pid();
      Process freezer = new ProcessBuilder("sh", "-c", "kill -STOP " + self + "; sleep 2; kill -CONT " + self).start();
      freezer.waitFor();
      GatlingLauncher.Outcome o = run.get();

      Load load = LoadMapper.load("test", "read", plan, o);
      assertThat(load.generatorHiccups().maxMs()).as("the meter saw the stall").isGreaterThanOrEqualTo(1900.0);
      assertThat(load.generatorHiccups().pauses()).anySatisfy(p -> assertThat(p.ms()).isGreaterThanOrEqualTo(1900.0));
      assertThat(load.schedule().kept()).as(load.schedule().note()).isFalse();

      Results judged = Evaluator.evaluate(
          new Results(Results.SCHEMA_VERSION, null, null, null, null, load, null, null, null, null), Targets.load(Path.of("..", "targets.yaml")));
      assertThat(judged.verdict()).isEqualTo(Evaluator.FAIL);
      List<String> failed = judged.targets().stream().filter(t -> !t.pass()).map(TargetResult::name).toList();
      assertThat(failed).contains("load generator generator_max_pause_ms", "load generator schedule_kept");
      TargetResult pause = judged.targets().stream().filter(t -> t.metric().equals("generator_max_pause_ms")).findFirst().orElseThrow();
      assertThat(pause.detail()).as("the seconds of the timeline the pause covers").containsPattern("at \\d+\\.\\d-\\d+\\.\\d s");
    }
  }
}
