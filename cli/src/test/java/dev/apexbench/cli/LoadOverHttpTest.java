package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `bench serve` in one terminal and `bench load --target-url` in another: the load needs only
 * HTTP. It learns the dataset from the api's GET /dataset, computes its request parameters from
 * scale and seed, and opens no database (with the default embedded provider, it would otherwise
 * contend for the server the api is using).
 */
@RealServer
class LoadOverHttpTest {
  @TempDir Path logs;

  @Test
  void loadAgainstARunningApiNeedsNoDatabaseAndHitsExistingRows() throws Exception {
    PgServer pg = TestPostgres.server();
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) pg).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "0.1", "--db", url, "--reset").exitCode()).isZero();
    try (ApiProcess api = ApiProcess.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults().withPool(10, 30_000),
        logs.resolve("api.log"))) {
      CliRun r = CliRun.of("load", "--target-url", api.baseUrl(), "--profile", "smoke", "--rate", "10", "--duration", "4s");
      assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
      assertThat(r.err()).doesNotContain("bench: starting").contains("no database connection").contains("scale 0.1, seed 42");
      Path run = CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
      JsonNode res = new ObjectMapper().readTree(run.resolve("results.json").toFile());
      assertThat(res.get("load").get("total").get("requests").asLong()).isPositive();
      assertThat(res.get("load").get("total").get("ko_by_status").has("404"))
          .as("parameters from scale and seed address rows that exist: " + res.get("load").get("total").get("ko_by_status")).isFalse();
      assertThat(res.get("database").isNull()).as("no database was sampled").isTrue();
      assertThat(res.get("run").get("settings").get("db").asText()).contains("not connected");
    }
  }

  @Test
  void aDatasetThatDiffersFromTheServedOneIsOneLine() throws Exception {
    PgServer pg = TestPostgres.server();
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) pg).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "0.1", "--db", url, "--reset").exitCode()).isZero();
    try (ApiProcess api = ApiProcess.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults(), logs.resolve("api.log"))) {
      CliRun r = CliRun.of("load", "--target-url", api.baseUrl(), "--scale", "2", "--profile", "smoke");
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.errorLines().lines()).hasSize(1);
      assertThat(r.errorLines()).contains("serves the dataset of scale 0.1, seed 42");
    }
  }
}
