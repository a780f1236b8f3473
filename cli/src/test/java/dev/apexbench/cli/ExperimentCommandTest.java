package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench experiment} end to end: two schema variants on a real PostgreSQL, measured and compared. */
@RealServer
class ExperimentCommandTest {
  static String url;

  @BeforeAll
  static void server() {
    url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
  }

  @AfterAll
  static void backToTheReportSchema() {
    assertThat(CliRun.of("seed", "--scale", "1", "--db", url, "--reset").exitCode()).isZero();
  }

  @Test
  void theJsonbVariantServesKeyExistenceByItsIndexAndTheComparisonSaysSo(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("experiment", "--db", url, "--scale", "1", "--profile", "smoke", "--variants", "report,report+jsonb",
        "--queries", "jsonb.key_exists,simple.by_etag", "--reset", "--out", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("report+jsonb").contains("jsonb.key_exists");
    JsonNode res = new ObjectMapper().readTree(dir.resolve("latest/results.json").toFile());
    assertThat(res.get("run").get("command").asText()).isEqualTo("experiment");
    JsonNode vs = res.get("experiment").get("variants");
    assertThat(vs).hasSize(2);
    assertThat(vs.get(0).get("variant").asText()).isEqualTo("report");
    assertThat(vs.get(0).get("comparison").isNull()).as("the reference").isTrue();
    JsonNode jsonb = vs.get(1);
    JsonNode keyExists = null;
    for (JsonNode q : jsonb.get("queries")) {
      if (q.get("name").asText().equals("jsonb.key_exists")) {
        keyExists = q;
      }
    }
    assertThat(keyExists.get("intended_index").asText()).isEqualTo("ix_payloads_inputs_gin_ops");
    assertThat(keyExists.get("plan").get("indexes_used").toString()).contains("ix_payloads_inputs_gin_ops");
    assertThat(keyExists.get("plan").get("violation").asBoolean()).isFalse();
    boolean sawIndex = false;
    for (JsonNode i : jsonb.get("indexes")) {
      if (i.get("name").asText().equals("ix_payloads_gross_sqft")) {
        sawIndex = i.get("bytes").asLong() > 0 && i.get("build_ms").asDouble() >= 0;
      }
    }
    assertThat(sawIndex).as("the variant's expression index, with its size and build time").isTrue();
    assertThat(jsonb.get("index_bytes").asLong()).isGreaterThan(vs.get(0).get("index_bytes").asLong());
    JsonNode p95 = null;
    for (JsonNode m : jsonb.get("comparison").get("metrics")) {
      if (m.get("subject").asText().equals("jsonb.key_exists") && m.get("metric").asText().startsWith("p95")) {
        p95 = m;
      }
    }
    assertThat(p95).as("key existence compared with the report's schema").isNotNull();
    assertThat(p95.get("current").asDouble()).as("an index lookup against a scan of every payload").isLessThan(p95.get("baseline").asDouble());
    for (JsonNode v : vs) {
      JsonNode writes = v.get("write_path");
      assertThat(writes).as(v.get("variant") + ": the write path measured").isNotEmpty();
      boolean create = false;
      for (JsonNode w : writes) {
        if (w.get("endpoint").asText().equals("POST /projects")) {
          create = w.get("requests").asLong() > 0 && w.get("db_mean_ms").asDouble() > 0;
        }
      }
      assertThat(create).as(v.get("variant") + ": creates timed, with their db phase").isTrue();
    }
    assertThat(Files.readString(dir.resolve("latest/summary.md"))).contains("Schema variants");
    assertThat(Files.readString(dir.resolve("latest/index.html"))).contains("Schema variants side by side");
  }

  @Test
  void onAServerItDoesNotOwnItAsksForResetBeforeMeasuring() {
    CliRun r = CliRun.of("experiment", "--db", url, "--variants", "report,report+gin");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--reset").contains("nothing outside apex_bench");
    assertThat(r.err()).doesNotContain("jmh");
  }

  @Test
  void oneVariantOrAnUnknownOneIsOneClearLine() {
    CliRun one = CliRun.of("experiment", "--db", url, "--variants", "report");
    assertThat(one.exitCode()).isEqualTo(2);
    assertThat(one.err()).contains("--variants").contains("at least two");
    CliRun bad = CliRun.of("experiment", "--db", url, "--variants", "report,report+btree");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("'report+btree' is not allowed").contains("report+jsonb");
  }
}
