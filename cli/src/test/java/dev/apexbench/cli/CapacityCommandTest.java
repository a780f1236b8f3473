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
        "--usl-concurrency", "none",
        "--out", dir.resolve("reports").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("max sustainable rate: 30.0 requests/s offered").contains("capacity sustainable_rps");
    JsonNode res = new ObjectMapper().readTree(dir.resolve("reports/latest/results.json").toFile());
    JsonNode c = res.get("capacity");
    // a step during which the generator paused (a busy machine) is kept as 'disturbed' and measured again: judge the others
    java.util.List<JsonNode> judged = new java.util.ArrayList<>();
    for (JsonNode st : c.get("steps")) {
      if (!st.get("phase").asText().equals("disturbed")) {
        judged.add(st);
      } else {
        assertThat(st.get("generator_max_pause_ms").asDouble()).as("set aside only for a pause over 100 ms").isGreaterThan(100);
      }
    }
    assertThat(judged).extracting(st -> st.get("offered_rps").asDouble()).as("10, 20, 30 (the maximum)").containsExactly(10.0, 20.0, 30.0);
    for (JsonNode st : judged) {
      assertThat(st.get("pass").asBoolean()).as(st.toString()).isTrue();
      assertThat(st.get("requests").asLong()).as("about 3 s of the offered rate").isPositive();
      assertThat(st.get("db_xact_per_sec").asDouble()).as("the database's commits over the step").isPositive();
    }
    boolean sampled = false;
    for (JsonNode st : judged) {
      sampled |= st.get("pool_utilization_p95_pct").isNumber() && st.get("pool_active_mean").isNumber();
    }
    assertThat(sampled).as("the api's pool was sampled from its /metrics").isTrue();
    assertThat(c.get("max_sustainable_rps").asDouble()).isEqualTo(30.0);
    assertThat(c.get("note").asText()).contains("reached the maximum rate");
    assertThat(c.get("usl").isNull()).as("--usl-concurrency none: no closed-model sweep").isTrue();
    assertThat(c.get("honours_accepted").asBoolean()).isFalse();
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
  void withTheShippedTargetsTheSearchEndsByItsVerdictNotByAMissingMeasurement(@TempDir Path dir) throws Exception {
    var settings = dev.apexbench.harness.reference.ReferenceSettings.of(4, java.time.Duration.ofMillis(5),
        new dev.apexbench.dataset.DatasetSpec(new java.math.BigDecimal("0.1"), 42));
    try (var server = dev.apexbench.harness.reference.ReferenceServer.start(settings)) {
      CliRun r = CliRun.of("capacity", "--target-url", server.baseUrl(), "--profile", "smoke", "--start-rate", "20", "--max-rate", "40",
          "--step-duration", "2s", "--warmup", "1s", "--usl-concurrency", "none", "--out", dir.resolve("reports").toString());
      JsonNode res = new ObjectMapper().readTree(dir.resolve("reports/latest/results.json").toFile());
      JsonNode c = res.get("capacity");
      for (JsonNode st : c.get("steps")) {
        if (st.get("phase").asText().equals("disturbed")) {
          continue; // the generator paused over 100 ms (a busy machine): set aside and measured again
        }
        assertThat(st.get("pass").asBoolean()).as("a step of a fast server meets the shipped load targets: %s", st).isTrue();
        assertThat(st.get("pool_utilization_p95_pct").isNumber()).as("the pool was sampled into the step").isTrue();
      }
      assertThat(c.get("max_sustainable_rps").asDouble()).isEqualTo(40.0);
      assertThat(r.exitCode()).as("the capacity target (>= 500 rps) fails: the verdict, not a missing measurement").isEqualTo(1);
      assertThat(res.get("targets").findValuesAsText("name").stream().filter(n -> !n.startsWith("capacity"))).isEmpty();
      assertThat(res.get("targets").get(0).get("name").asText()).isEqualTo("capacity sustainable_rps");
    }
  }

  @Test
  void aStartAboveTheMaximumIsOneClearLine() {
    CliRun r = CliRun.of("capacity", "--db", url, "--start-rate", "100", "--max-rate", "50");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--start-rate").contains("--max-rate 50");
  }
}
