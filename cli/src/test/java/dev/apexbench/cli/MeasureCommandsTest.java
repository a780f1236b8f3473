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

/** bench explain and bench jmh end to end against a real server, checked on the written files. */
@RealServer
class MeasureCommandsTest {
  static String url;

  @BeforeAll
  static void seeded() {
    url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "1", "--db", url, "--reset").exitCode()).isZero();
  }

  static JsonNode latestResults() throws Exception {
    Path latest = CliRun.HOME.resolve("reports/latest");
    return new ObjectMapper().readTree(latest.resolve("results.json").toFile());
  }

  @Test
  void explainWritesEveryPlanAndPassesOnTheReportSchema() throws Exception {
    CliRun r = CliRun.of("explain", "--scale", "1", "--db", url);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("simple.by_etag").contains("ix_projects_etag").contains("no index can serve it");
    JsonNode res = latestResults();
    assertThat(res.get("run").get("command").asText()).isEqualTo("explain");
    assertThat(res.get("queries")).hasSize(14);
    for (JsonNode q : res.get("queries")) {
      assertThat(q.get("plan").get("node_types").size()).as(q.get("name").asText()).isPositive();
      assertThat(q.get("plan").get("violation").asBoolean()).isFalse();
    }
    assertThat(res.get("run").get("db").get("settings").get("shared_buffers").asText()).isEqualTo("256MB");
    assertThat(res.get("datagen").get("fingerprint").asText()).hasSize(64);
  }

  @Test
  void jmhSmokeWritesPercentilesPlansHistogramsAndTheWindow() throws Exception {
    CliRun r = CliRun.of("jmh", "--profile", "smoke", "--queries", "simple.by_etag,aggregation.tenant_status_view", "--scale", "1", "--db", url);
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode res = latestResults();
    Path dir = CliRun.HOME.resolve("reports/latest");
    assertThat(dir.resolve("jmh.json")).exists();
    assertThat(Files.readString(dir.resolve("jmh.json"))).contains("scorePercentiles").contains("rawDataHistogram");
    assertThat(res.get("queries")).hasSize(2);
    for (JsonNode q : res.get("queries")) {
      assertThat(q.get("samples").asLong()).isPositive();
      assertThat(q.get("p50_ms").asDouble()).isPositive();
      assertThat(q.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(q.get("p50_ms").asDouble());
      assertThat(q.get("histogram_ns").asText()).isNotEmpty();
      assertThat(q.get("plan").get("uses_intended_index").asBoolean()).isTrue();
    }
    assertThat(res.get("harness_baseline").get("samples").asLong()).isPositive();
    JsonNode db = res.get("database");
    assertThat(db.get("prewarmed").asBoolean()).isTrue();
    assertThat(db.get("cache_hit_rate").asDouble()).as("prewarmed: the harness's blocks are all in shared buffers").isGreaterThan(0.99);
    assertThat(res.get("targets").findValuesAsText("name")).contains("database cache_hit_rate_pct (prewarmed)");
    assertThat(db.get("windows").get("jmh").get("tables")).isNotEmpty();
    assertThat(res.get("run").get("phases").toString()).contains("\"jmh\"").contains("\"ok\"");
    assertThat(res.get("run").get("jdbc").get("prefer_query_mode").asText()).isEqualTo("extended");
  }

  /**
   * Hit rates can fail: measured from a cold start (the harness's relations evicted from shared
   * buffers), the JSONB scans read their payloads from outside shared buffers, so at least one rate
   * falls below 100 %, and the targets say "(cold start)".
   */
  @Test
  void aColdRunShowsHitRatesBelowAHundredPercent() throws Exception {
    try (java.sql.Connection c = TestPostgres.server().connect();
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_buffercache SCHEMA public"); // an external server: installed by its owner
    }
    CliRun r = CliRun.of("jmh", "--profile", "smoke", "--queries", "simple.by_etag,jsonb.key_exists", "--no-prewarm", "--scale", "1",
        "--db", url);
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    JsonNode res = latestResults();
    JsonNode db = res.get("database");
    assertThat(db.get("prewarmed").asBoolean()).isFalse();
    assertThat(db.get("cache").asText()).startsWith("cold start: pg_buffercache evicted");
    double index = db.get("index_hit_rate").asDouble();
    double cache = db.get("cache_hit_rate").asDouble();
    assertThat(Math.min(index, cache)).as("index %s, cache %s", index, cache).isLessThan(1.0);
    assertThat(res.get("targets").findValuesAsText("name")).contains("database cache_hit_rate_pct (cold start)");
    assertThat(r.out()).contains("(cold start)");
  }

  @Test
  void aPasswordInTheDbUrlAppearsInNoFileOfTheRun() throws Exception {
    TestPostgres.ensurePasswordRole("apex_pw_admin", true);
    String secret = "right-password";
    String withPassword = url + "?user=apex_pw_admin&password=" + secret;
    // quick: JMH forks, whose arguments jmh.json and jmh.log record
    CliRun r = CliRun.of("jmh", "--profile", "quick", "--queries", "simple.by_etag", "--scale", "1", "--db", withPassword, "--reset");
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    Path dir = CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
      }
    }
    assertThat(r.out() + r.err()).doesNotContain(secret);
    assertThat(Files.readString(dir.resolve("jmh.json"))).as("the forks got a URL").contains("apex.jdbc.url=jdbc:postgresql://127.0.0.1");
  }

  @Test
  void aPasswordInALibpqUriOrKeywordStringAppearsInNoFileOrLineOfTheRun() throws Exception {
    TestPostgres.ensurePasswordRole("apex_pw_admin", true);
    String secret = "right-password";
    int port = ((EmbeddedServer) TestPostgres.server()).port();
    for (String db : new String[] {"postgresql://apex_pw_admin:" + secret + "@127.0.0.1:" + port + "/postgres?sslmode=disable",
        "host=127.0.0.1 port=" + port + " dbname=postgres user=apex_pw_admin password='" + secret + "' sslmode=disable"}) {
      CliRun r = CliRun.of("explain", "--scale", "1", "--db", db);
      assertThat(r.exitCode()).as(r.err()).isZero();
      Path dir = CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
      try (var files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(secret);
        }
      }
      assertThat(r.out() + r.err()).doesNotContain(secret);
      assertThat(latestResults().get("run").get("db").get("url").asText())
          .isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable");
    }
  }

  @Test
  void outPutsTheRunElsewhereAndJsonPrintsOneObjectOnStdout() throws Exception {
    Path out = Files.createTempDirectory("apex-out").resolve("runs");
    CliRun r = CliRun.of("explain", "--scale", "1", "--db", url, "--queries", "simple.*", "--out", out.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = new ObjectMapper().readTree(r.out());
    assertThat(r.out().strip().lines()).as("one object, nothing else on stdout").hasSize(1);
    assertThat(o.get("command").asText()).isEqualTo("explain");
    assertThat(o.get("verdict").asText()).isEqualTo("pass");
    assertThat(o.get("verdicts").get("gate").asText()).isEqualTo("both");
    assertThat(o.get("exit_code").asInt()).isZero();
    Path dir = Path.of(o.get("dir").asText());
    assertThat(dir.getParent()).isEqualTo(out.toAbsolutePath());
    assertThat(dir.resolve("results.json")).exists();
    assertThat(Path.of(o.get("results").asText())).isEqualTo(dir.resolve("results.json"));
    assertThat(out.resolve("latest").toRealPath()).isEqualTo(dir.toRealPath());
    assertThat(o.get("targets").get("total").asInt()).isPositive();

    Path file = Files.createTempFile("apex-out", ".txt");
    CliRun bad = CliRun.of("explain", "--db", url, "--out", file.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.errorLines().lines()).hasSize(1);
    assertThat(bad.errorLines()).contains("--out: '" + file + "' is not a directory");
    assertThat(Files.readString(file)).as("the file is left as it was").isEmpty();
  }

  @Test
  void jmhArgsReachJmhAndAreRecorded() throws Exception {
    CliRun r = CliRun.of("jmh", "--profile", "smoke", "--queries", "simple.by_etag", "--scale", "1", "--db", url,
        "--jmh-args", "-prof gc");
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    JsonNode res = latestResults();
    assertThat(res.get("run").get("settings").get("jmh_args").asText()).isEqualTo("-prof gc");
    Path dir = CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
    assertThat(Files.readString(dir.resolve("jmh.json"))).as("the GC profiler's metrics").contains("gc.alloc.rate");
  }

  @Test
  void unknownQueryGlobIsOneLine() {
    CliRun r = CliRun.of("jmh", "--queries", "nosuch.*", "--db", url);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains("--queries: 'nosuch.*' matches no catalog query");
  }
}
