package dev.apexbench.cli;

import dev.apexbench.db.RealServer;
import dev.apexbench.harness.load.DbPointRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The point-read ceiling end to end: a short closed-model run of GET /projects/{id}/header through
 * the api bench starts, then the database's own rate for the same SQL on the same server, and their
 * ratio with the api's CPU per request. The numbers are not judged here (a busy machine moves
 * them); that they are measured, related and recorded is.
 */
@RealServer
class PointReadTest {
  @Test
  void thePointSimulationRecordsTheApiAndDatabaseRatesAndTheirRatio() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    CliRun r = CliRun.of("load", "--simulation", "point", "--connections", "4", "--duration", "3s", "--profile", "smoke",
        "--scale", "0.1", "--db", url, "--reset");
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    Path run = CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
    JsonNode point = new ObjectMapper().readTree(run.resolve("results.json").toFile()).get("load").get("point");
    assertThat(point.get("connections").asInt()).isEqualTo(4);
    double api = point.get("api_rps").asDouble();
    double db = point.get("db_rps").asDouble();
    assertThat(api).isPositive();
    assertThat(db).isPositive();
    assertThat(point.get("ratio").asDouble()).isCloseTo(api / db, within(1e-9));
    assertThat(point.get("db_method").asText()).containsAnyOf("pgbench", "JDBC loop");
    assertThat(point.get("api_cpu_ms_per_request").asDouble()).isPositive();
    assertThat(r.err()).contains("point read: api");
  }

  @Test
  void theJdbcLoopMeasuresTheSameSqlWherePgbenchIsMissing() throws Exception {
    PgServer pg = TestPostgres.server();
    assertThat(CliRun.of("seed", "--scale", "0.1", "--db", "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) pg).port() + "/postgres", "--reset").exitCode()).isZero();
    DbPointRate.Rate rate = DbPointRate.jdbc(pg, 1000, 2, Duration.ofSeconds(1));
    assertThat(rate.perSecond()).isPositive();
    assertThat(rate.method()).isEqualTo("JDBC loop, 2 connections");
  }
}
