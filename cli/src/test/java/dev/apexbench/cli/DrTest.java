package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import dev.apexbench.harness.dr.IntegrityChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disaster-recovery drill end to end, and the integrity checks it relies on failing when they must. */
@RealServer
class DrTest {

  @Test
  void theDrillRestoresExactlyTheWritesUpToTheTargetAndMeasuresRtoAndRpo(@TempDir Path out) throws Exception {
    CliRun r = CliRun.of("dr", "--profile", "smoke", "--scale", "0.05", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
    JsonNode dr = new ObjectMapper().readTree(out.resolve("latest/results.json").toFile()).get("dr");
    JsonNode pitr = dr.get("pitr");
    assertThat(pitr.get("writes_before").asLong()).as("writes before the target").isPositive();
    assertThat(pitr.get("present_before").asLong()).as("every write up to the target is present").isEqualTo(pitr.get("writes_before").asLong());
    assertThat(pitr.get("writes_after").asLong()).as("writes after the target").isPositive();
    assertThat(pitr.get("present_after").asLong()).as("no write after the target is present").isZero();
    assertThat(pitr.get("verified").asBoolean()).isTrue();
    for (JsonNode c : dr.get("checks")) {
      assertThat(c.get("pass").asBoolean()).as(c.toString()).isTrue();
    }
    List<String> names = dr.get("checks").findValuesAsText("name");
    assertThat(names).contains("content fingerprint", "row count projects", "materialized view project_stats")
        .anyMatch(n -> n.startsWith("foreign key ")).anyMatch(n -> n.startsWith("index ")).anyMatch(n -> n.startsWith("check "));
    assertThat(dr.get("rto_seconds").asDouble()).isPositive();
    assertThat(dr.get("rpo_seconds").asDouble()).as("the crash lost at most the archive_timeout and the tail").isBetween(0.0, 30.0);
    assertThat(dr.get("rto_points")).hasSize(2);
    assertThat(dr.get("rto_projection").get(1).get("seconds").isNumber()).isTrue();
    assertThat(Files.exists(CliRun.HOME.resolve(".apex-bench").resolve("dr"))).as("the drill's servers are removed").isFalse();
    assertThat(r.out()).contains("PASS: all 4 targets met").doesNotContain("FAIL");
    CliRun report = CliRun.of("report", out.resolve("latest").toString());
    assertThat(report.exitCode()).as("a drill's run directory is a run like any other: " + report.err()).isZero();
  }

  @Test
  void anOrphanRowLoadedPastItsForeignKeyFailsTheCheck() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "0.05", "--db", url, "--reset").exitCode()).isZero();
    try (Connection c = TestPostgres.server().connect(); Statement st = c.createStatement()) {
      assertThat(IntegrityChecks.foreignKeys(c)).isNotEmpty().allMatch(IntegrityChecks.Check::pass);
      st.execute("SET session_replication_role = replica"); // as a restore or a replica-mode load would: no FK triggers
      st.execute("INSERT INTO apex_bench.project_events (project_id, event_type, occurred_at)"
          + " SELECT 999999999, event_type, occurred_at FROM apex_bench.project_events LIMIT 1");
      st.execute("SET session_replication_role = origin");
      List<IntegrityChecks.Check> fks = IntegrityChecks.foreignKeys(c);
      assertThat(fks).anyMatch(k -> !k.pass() && k.detail().startsWith("1 rows of"));
      st.execute("DELETE FROM apex_bench.project_events WHERE project_id = 999999999");
      assertThat(IntegrityChecks.foreignKeys(c)).allMatch(IntegrityChecks.Check::pass);
    } finally {
      assertThat(CliRun.of("seed", "--scale", "1", "--db", url, "--reset").exitCode()).isZero();
    }
  }
}
