package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench capacity} end to end on a real PostgreSQL and the api, with short steps. */
@RealServer
class CapacityCommandTest {
  static String url;

  @BeforeAll
  static void seeded() {
    url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "1", "--db", url, "--reset").exitCode()).isZero();
  }

  @org.junit.jupiter.api.AfterAll
  static void backToScaleOne() {
    assertThat(CliRun.of("seed", "--scale", "1", "--db", url, "--reset").exitCode()).isZero();
  }

  @Test
  void aSmokeCapacityRunWritesItsStepsTheirJudgementAndTheCapacityTarget(@TempDir Path dir) throws Exception {
    Path targets = dir.resolve("targets.yaml");
    // limits so loose that every step meets them, and a sustainable-rate floor above the maximum: the run must fail on it
    Files.writeString(targets, "load:\n  error_rate: \"< 50 %\"\n  groups:\n    simple: \"< 10 s\"\n  generator_max_pause: \"< 30 s\"\n"
        + "  schedule_kept: false\ncapacity:\n  sustainable_rps: \">= 1000 rps\"\n");
    CliRun r = CliRun.of("capacity", "--db", url, "--profile", "smoke", "--start-rate", "10", "--max-rate", "30", "--step-duration", "3s",
        "--targets", targets.toString(), "--scales", "0.05,0.1", "--queries", "simple.by_etag,jsonb.key_exists", "--reset",
        "--out", dir.resolve("reports").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("max sustainable rate: 30.0 requests/s offered").contains("capacity sustainable_rps");
    JsonNode res = new ObjectMapper().readTree(dir.resolve("reports/latest/results.json").toFile());
    JsonNode c = res.get("capacity");
    assertThat(c.get("steps")).hasSize(3); // 10, 20, 30 (the maximum)
    assertThat(c.get("steps").get(2).get("offered_rps").asDouble()).isEqualTo(30.0);
    for (JsonNode st : c.get("steps")) {
      assertThat(st.get("pass").asBoolean()).as(st.toString()).isTrue();
      assertThat(st.get("requests").asLong()).as("about 3 s of the offered rate").isPositive();
      assertThat(st.get("db_xact_per_sec").asDouble()).as("the database's commits over the step").isPositive();
    }
    boolean sampled = false;
    for (JsonNode st : c.get("steps")) {
      sampled |= st.get("pool_utilization_p95_pct").isNumber() && st.get("pool_active_mean").isNumber();
    }
    assertThat(sampled).as("the api's pool was sampled from its /metrics").isTrue();
    assertThat(c.get("max_sustainable_rps").asDouble()).isEqualTo(30.0);
    assertThat(c.get("note").asText()).contains("reached the maximum rate");
    assertThat(c.get("usl").get("points").asInt()).isEqualTo(3);
    assertThat(c.get("usl").get("note").asText()).contains("at least 4 needed");
    JsonNode target = null;
    for (JsonNode t : res.get("targets")) {
      if (t.get("name").asText().equals("capacity sustainable_rps")) {
        target = t;
      }
    }
    assertThat(target).isNotNull();
    assertThat(target.get("pass").asBoolean()).isFalse();
    assertThat(res.get("verdict").asText()).isEqualTo("fail");
    assertThat(c.get("scales")).hasSize(2);
    assertThat(c.get("scales").get(1).get("rows").asLong()).isEqualTo(5_000);
    JsonNode growth = c.get("growth");
    assertThat(growth).hasSize(2);
    for (JsonNode g : growth) {
      assertThat(g.get("p95_by_scale").size()).isEqualTo(2);
      assertThat(g.get("growth_exponent").isNumber()).isTrue();
    }
    assertThat(Files.readString(dir.resolve("reports/latest/summary.md"))).contains("Capacity").contains("first query to break with growth");
    assertThat(Files.readString(dir.resolve("reports/latest/index.html"))).contains("Capacity");
  }

  @Test
  void aStartAboveTheMaximumIsOneClearLine() {
    CliRun r = CliRun.of("capacity", "--db", url, "--start-rate", "100", "--max-rate", "50");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--start-rate").contains("--max-rate 50");
  }
}
