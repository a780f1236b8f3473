package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.Schema;
import dev.apexbench.db.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** {@code bench seed} end to end, against a real server given by URL. */
@RealServer
class SeedCommandTest {
  static String url() {
    return "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
  }

  @Test
  void jsonCarriesTheContractKeys() throws Exception {
    try (Connection c = TestPostgres.server().connect()) {
      Schema.dropHarnessSchema(c);
    }
    CliRun r = CliRun.of("seed", "--scale", "0.02", "--seed", "5", "--db", url(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("projects").asLong()).isEqualTo(200);
    assertThat(j.get("payloads").asLong()).isEqualTo(200);
    assertThat(j.get("events").asLong()).isEqualTo(600);
    assertThat(j.get("seconds").asDouble()).isPositive();
    assertThat(j.get("rows_per_sec").asLong()).isPositive();
    assertThat(j.get("fingerprint").asText()).hasSize(64);
    assertThat(j.get("db").get("provider").asText()).isEqualTo("external");
    assertThat(j.get("db").get("server_version").asText()).isNotBlank();
    assertThat(j.get("db").get("settings").get("shared_buffers").asText()).isEqualTo("256MB");

    CliRun again = CliRun.of("seed", "--scale", "0.02", "--seed", "5", "--db", url(), "--json");
    JsonNode k = new ObjectMapper().readTree(again.out());
    assertThat(k.get("reused").asBoolean()).isTrue();
    assertThat(k.get("fingerprint").asText()).isEqualTo(j.get("fingerprint").asText());

    CliRun human = CliRun.of("seed", "--scale", "0.02", "--seed", "6", "--db", url(), "--reset");
    assertThat(human.exitCode()).isZero();
    assertThat(human.out()).contains("rows loaded with COPY").contains("fingerprint").contains("PostgreSQL");
  }

  @Test
  void aDifferentDatasetOnAnExternalServerNeedsReset() throws Exception {
    assertThat(CliRun.of("seed", "--scale", "0.01", "--seed", "1", "--db", url(), "--reset").exitCode()).isZero();
    CliRun r = CliRun.of("seed", "--scale", "0.01", "--seed", "2", "--db", url());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines()).contains("pass --reset").doesNotContain("Exception");
  }

  @Test
  void unreachableServerIsOneLineAndExit2() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r = CliRun.of("seed", "--db", "jdbc:postgresql://127.0.0.1:" + port + "/apex");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains("cannot reach PostgreSQL at 127.0.0.1:" + port);
  }

  @Test
  void dockerWithoutAnEngineIsOneLineAndExit2() {
    assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine answers here");
    CliRun r = CliRun.of("seed", "--db", "docker");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains("--db docker: no Docker engine answers");
  }
}
