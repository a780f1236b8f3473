package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import dev.apexbench.harness.dr.IntegrityChecks;
import dev.apexbench.harness.dr.LogicalBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench dr on a server it did not start: the logical backup only (pg_dump -Fc -Z9 of the harness
 * schema, pg_restore into a scratch database, the checks, the database dropped), on Debian's
 * PostgreSQL 15 with its own pg_dump; the refusals (no CREATEDB, a pg_dump older than the server).
 */
@RealServer
class DrLogicalTest {
  private static Pg15Server pg;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Pg15Server.available(), "Debian's PostgreSQL 15 is not installed (" + Pg15Server.BIN + ")");
    pg = Pg15Server.start();
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void anExistingServerGetsTheLogicalBackupRestoredIntoAScratchDatabaseCheckedAndDropped(@TempDir Path out) throws Exception {
    CliRun r = CliRun.of("dr", "--profile", "smoke", "--scale", "0.1", "--db", pg.url("postgres", Pg15Server.PASSWORD), "--out",
        out.toString());
    // exit 1: the RPO (and the point-in-time recovery) cannot be measured on a server the drill did not start, and say so
    assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(1);
    assertThat(r.err() + r.out()).doesNotContain(Pg15Server.PASSWORD);
    JsonNode res = new ObjectMapper().readTree(out.resolve("latest/results.json").toFile());
    JsonNode dr = res.get("dr");
    JsonNode lb = dr.get("logical_backup");
    assertThat(lb.get("status").asText()).isEqualTo("done");
    assertThat(lb.get("tool").asText()).startsWith("pg_dump (PostgreSQL) 15.");
    assertThat(lb.get("dump_bytes").asLong()).isPositive();
    assertThat(lb.get("dump_seconds").asDouble()).isPositive();
    assertThat(lb.get("restore_seconds").asDouble()).isPositive();
    assertThat(lb.get("scratch_database").asText()).startsWith(LogicalBackup.SCRATCH_PREFIX);
    assertThat(dr.get("logical").asText()).startsWith("done: pg_dump (PostgreSQL) 15.");
    System.out.println("bench dr --db <PostgreSQL 15> --scale 0.1: " + dr.get("logical").asText());
    assertThat(dr.get("backup_seconds").isNull()).as("no physical drill: no made-up base backup").isTrue();
    assertThat(dr.get("backup_bytes").isNull()).isTrue();
    assertThat(dr.get("archive_timeout_seconds").isNull()).isTrue();
    assertThat(dr.get("rpo_seconds").isNull()).isTrue();
    assertThat(dr.get("pitr").isNull()).isTrue();
    assertThat(dr.get("rto_seconds").asDouble()).as("the logical restore and its checks")
        .isCloseTo(lb.get("restore_seconds").asDouble() + lb.get("verify_seconds").asDouble(), org.assertj.core.data.Offset.offset(0.02));

    for (JsonNode c : dr.get("checks")) {
      assertThat(c.get("pass").asBoolean()).as(c.toString()).isTrue();
    }
    List<String> names = dr.get("checks").findValuesAsText("name");
    assertThat(names).contains("pg_dump", "pg_restore", "content fingerprint", "row count projects", "row count project_payloads",
            "row count project_events", "materialized view project_stats")
        .anyMatch(n -> n.startsWith("index ")).anyMatch(n -> n.startsWith("foreign key ")).anyMatch(n -> n.startsWith("check "));
    Map<String, Long> source;
    try (Connection c = pg.connect()) {
      source = IntegrityChecks.counts(c);
    }
    for (JsonNode c : dr.get("checks")) {
      String name = c.get("name").asText();
      if (name.startsWith("row count ")) {
        long n = source.get(name.substring("row count ".length()));
        assertThat(n).isPositive();
        assertThat(c.get("detail").asText()).as("the restored count equals the source's").isEqualTo(n + " rows, source " + n);
      }
    }

    // the verdict: restore and integrity pass; RPO and PITR fail as not measured, nothing else fails
    List<String> failed = new ArrayList<>();
    for (JsonNode t : res.get("targets")) {
      String name = t.get("name").asText();
      if (name.equals("dr rpo_seconds") || name.equals("dr pitr_verified")) {
        assertThat(t.get("pass").asBoolean()).as(name).isFalse();
        assertThat(t.get("actual").isNull()).as(name).isTrue();
        assertThat(t.get("detail").asText()).as(name).startsWith("not measured: on a server bench dr did not start");
      }
      if (!t.get("pass").asBoolean()) {
        failed.add(name);
      }
    }
    assertThat(failed).containsExactlyInAnyOrder("dr rpo_seconds", "dr pitr_verified");
    assertThat(r.out()).contains("not measured");

    // nothing left behind: no scratch database, no dump file
    assertThat(scratchDatabases()).isEmpty();
    Path state = CliRun.HOME.resolve(".apex-bench").resolve("dr");
    if (Files.isDirectory(state)) {
      try (Stream<Path> s = Files.list(state)) {
        assertThat(s.filter(p -> p.toString().endsWith(".dump"))).as("the dump is removed without --keep").isEmpty();
      }
    }
    CliRun report = CliRun.of("report", out.resolve("latest").toString());
    assertThat(report.exitCode()).as("a logical drill's run directory is a run like any other, judged the same: " + report.err())
        .isEqualTo(1);
    assertThat(Files.readString(out.resolve("latest/index.html"))).contains("Logical backup (pg_dump -Fc -Z9");
  }

  @Test
  void aRoleWithoutCreatedbIsRefusedInOneLineBeforeAnythingIsCreated(@TempDir Path out) throws Exception {
    try (Connection c = pg.connect(); Statement st = c.createStatement()) {
      st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nocreate') THEN"
          + " CREATE ROLE nocreate LOGIN PASSWORD 'x'; END IF; END $$");
      st.execute("GRANT CREATE ON DATABASE postgres TO nocreate");
    }
    CliRun r = CliRun.of("dr", "--scale", "0.1", "--db", pg.url("nocreate", "x"), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(2);
    List<String> lines = r.errorLines().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("'nocreate'").contains("CREATEDB");
    assertThat(scratchDatabases()).isEmpty();
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s).as("no run directory").isEmpty();
    }
    try (Connection c = pg.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner"
            + " WHERE r.rolname = 'nocreate'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("no schema created by the refused role").isZero();
    }
  }

  @Test
  void aPgDumpOlderThanTheServerIsRefusedInOneLineNamingBothVersions(@TempDir Path out) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    CliRun r = CliRun.of("dr", "--scale", "0.1", "--db", url, "--pg-bin", Pg15Server.BIN.toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(2);
    List<String> lines = r.errorLines().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("--pg-bin").contains("pg_dump (PostgreSQL) 15.").contains("(PostgreSQL 18.").contains("older");
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s).as("no run directory").isEmpty();
    }
  }

  private static List<String> scratchDatabases() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = pg.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + LogicalBackup.SCRATCH_PREFIX + "%'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
