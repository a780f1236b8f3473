package dev.apexbench.gatling;

import dev.apexbench.api.ApiSettings;
import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Progress;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A seeded server and load plans for the Gatling tests. */
final class LoadTestSupport {
  private LoadTestSupport() {}

  static PgServer seeded() {
    PgServer pg = TestPostgres.server();
    new Seeder(m -> {}, Progress.NONE)
        .ensure(pg, new Seeder.Request(DATASET, SchemaVariant.REPORT, false));
    return pg;
  }

  /**
   * The api's settings for load tests: a pool wait long enough that a busy CI machine makes the api
   * queue rather than shed load with 503s (those tests are about recording, not about shedding).
   */
  static ApiSettings api() {
    return ApiSettings.defaults().withPool(10, 30_000);
  }

  /** Lenient assertions: these tests check the plumbing and the recording, not the machine's speed. */
  static final LoadPlan.LoadAssertions LENIENT =
      new LoadPlan.LoadAssertions(0.01, Map.of("simple", new LoadPlan.GroupLimit("p95", false, 20_000), "write", new LoadPlan.GroupLimit("p99", true, 20_000)));

  /** The dataset {@link #seeded()} loads. */
  static final DatasetSpec DATASET = new DatasetSpec(new BigDecimal("0.1"), 42);

  static LoadPlan plan(String baseUrl, double readRate, double writeRate, Duration d) {
    return new LoadPlan(baseUrl, readRate, writeRate, d, List.of(), Feeds.reads(DATASET, 64), Feeds.writes(DATASET, 16), LENIENT);
  }
}
