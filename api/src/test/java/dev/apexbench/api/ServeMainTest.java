package dev.apexbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container's entry point: settings from the environment, the dataset ensured, then the api. */
@RealServer
class ServeMainTest {

  @Test
  void seedsWhatTheEnvironmentNamesAndServesIt() throws Exception {
    TestPostgres.ensurePasswordUser();
    int port = ((EmbeddedServer) TestPostgres.server()).port();
    // a libpq keyword string, the password from PGPASSWORD as in docker-compose.yml
    Map<String, String> env = Map.of(
        "APEX_BENCH_DB", "host=127.0.0.1 port=" + port + " dbname=postgres user=" + TestPostgres.PASSWORD_USER,
        "PGPASSWORD", TestPostgres.PASSWORD, "PGPASSFILE", "/nonexistent",
        "APEX_BENCH_SCALE", "0.1", "APEX_BENCH_SEED", "42", "APEX_BENCH_BIND", "127.0.0.1", "APEX_BENCH_PORT", "0");
    List<String> said = new ArrayList<>();
    try (ServeMain.Serving s = ServeMain.start(env, said::add)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(s.api().baseUrl() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode dataset = new ObjectMapper().readTree(http.send(
          HttpRequest.newBuilder(URI.create(s.api().baseUrl() + "/dataset")).build(), HttpResponse.BodyHandlers.ofString()).body());
      assertThat(dataset.toString()).contains("0.1").contains("42");
      assertThat(said).anyMatch(m -> m.startsWith("reusing the stored dataset") || m.startsWith("seeded the dataset"));
      assertThat(String.join("\n", said)).doesNotContain(TestPostgres.PASSWORD);
    }
  }

  @Test
  void badSettingsAreOneLineNamingTheVariable() {
    assertThatThrownBy(() -> ServeMain.start(Map.of("APEX_BENCH_DB", "embedded"), m -> {}))
        .isInstanceOf(BenchException.class).hasMessageStartingWith("APEX_BENCH_DB: 'embedded' is not allowed here");
    assertThatThrownBy(() -> ServeMain.start(Map.of("APEX_BENCH_DB", "postgresql://u@h/db", "APEX_BENCH_SCALE", "lots"), m -> {}))
        .isInstanceOf(BenchException.class).hasMessageStartingWith("APEX_BENCH_SCALE: ");
    assertThatThrownBy(() -> ServeMain.start(Map.of("APEX_BENCH_DB", "postgresql://u@h/db", "APEX_BENCH_PORT", "70000"), m -> {}))
        .isInstanceOf(BenchException.class).hasMessageStartingWith("APEX_BENCH_PORT: '70000' is not allowed");
  }
}
