package dev.apexbench.datagen;

import dev.apexbench.dataset.Generator;
import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.dataset.Fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.ExternalServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.Schema;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loading, verification and reuse against a real PostgreSQL. */
@RealServer
class SeederTest {
  PgServer server = TestPostgres.server();
  List<String> said = new ArrayList<>();

  @BeforeEach
  void clean() throws SQLException {
    try (Connection c = server.connect()) {
      Schema.dropHarnessSchema(c);
    }
  }

  Seeder.Outcome seed(PgServer s, String scale, long seed, SchemaVariant v, boolean reset) {
    return new Seeder(said::add, Progress.NONE)
        .ensure(s, new Seeder.Request(new DatasetSpec(new BigDecimal(scale), seed), v, reset));
  }

  @Test
  void loadsVerifiesAndReusesTheDataset() throws SQLException {
    Seeder.Outcome first = seed(server, "0.05", 42, SchemaVariant.REPORT, false);
    assertThat(first.reused()).isFalse();
    assertThat(first.info().projects()).isEqualTo(500);
    assertThat(first.info().payloads()).isEqualTo(500);
    assertThat(first.info().events()).isEqualTo(1500);
    assertThat(first.info().fingerprint()).isEqualTo(Fingerprint.of(new Generator(new DatasetSpec(new BigDecimal("0.05"), 42))));

    Seeder.Outcome again = seed(server, "0.05", 42, SchemaVariant.REPORT, false);
    assertThat(again.reused()).as("same identity is reused").isTrue();

    Seeder.Outcome other = seed(server, "0.05", 43, SchemaVariant.REPORT, false);
    assertThat(other.reused()).as("another seed is rebuilt on a server the harness owns").isFalse();
    assertThat(other.info().fingerprint()).isNotEqualTo(first.info().fingerprint());

    Seeder.Outcome gin = seed(server, "0.05", 43, SchemaVariant.REPORT_GIN, false);
    assertThat(gin.reused()).as("the schema variant is part of the identity").isFalse();
  }

  @Test
  void projectsLeftByAnInterruptedLoadRunAreRemovedOnReuse() throws SQLException {
    seed(server, "0.02", 42, SchemaVariant.REPORT, false);
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO projects (account_id, name, status, created_at, updated_at) VALUES (1000000007, 'left over', 'draft', now(), now())");
      st.execute("INSERT INTO project_events (project_id, event_type, occurred_at) SELECT max(project_id), 'created', now() FROM projects");
    }
    assertThat(seed(server, "0.02", 42, SchemaVariant.REPORT, false).reused()).isTrue();
    assertThat(said).anySatisfy(m -> assertThat(m).contains("removed 1 project(s) an interrupted load run had created"));
    try (Connection c = server.connect()) {
      assertThat(scalar(c, "SELECT count(*) FROM projects")).isEqualTo(200);
      assertThat(scalar(c, "SELECT count(*) FROM project_events")).as("cascade").isEqualTo(600);
    }
  }

  @Test
  void sameSeedGivesTheSameRowsInTheDatabase() throws SQLException {
    seed(server, "0.05", 11, SchemaVariant.REPORT, false);
    String a = tableDigest();
    seed(server, "0.05", 11, SchemaVariant.REPORT, true);
    assertThat(tableDigest()).isEqualTo(a);
  }

  @Test
  void loadedDataIsConsistent() throws SQLException {
    seed(server, "0.2", 42, SchemaVariant.REPORT, false);
    try (Connection c = server.connect()) {
      assertThat(scalar(c, "SELECT count(*) FROM project_events e JOIN projects p USING (project_id) WHERE e.occurred_at < p.created_at"))
          .as("no event before its project's creation").isZero();
      assertThat(scalar(c, "SELECT count(*) FROM projects WHERE updated_at < created_at")).isZero();
      assertThat(scalar(c, "SELECT count(*) FROM projects WHERE created_at >= '2026-01-01' OR created_at < '2024-12-31'"))
          .as("timestamps anchored to the reference instant, not the clock").isZero();
      long dupShas = scalar(c, "SELECT count(*) - count(DISTINCT content_sha256) FROM projects");
      assertThat(dupShas).as("some payloads repeat (cache hits)").isBetween(40L, 400L);
      assertThat(scalar(c, "SELECT count(*) FROM projects WHERE etag IS NULL AND status <> 'draft'")).isZero();
      assertThat(scalar(c, "SELECT count(*) FROM project_payloads WHERE inputs ? 'rush'")).isBetween(100L, 300L);
      assertThat(scalar(c, "SELECT count(DISTINCT module) FROM project_payloads")).isEqualTo(5);
      assertThat(Verifier.checkStatsView(c)).isEmpty();
      assertThat(scalar(c, "SELECT nextval(pg_get_serial_sequence('apex_bench.projects', 'project_id'))"))
          .as("identity continues after the loaded ids").isEqualTo(2001);
    }
  }

  @Test
  void verifierCatchesAnOrphanRowAndAWrongCount() throws SQLException {
    new Schema(server, SchemaVariant.REPORT).migrateTables(); // no foreign keys yet
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO projects (project_id, account_id, name, status, created_at, updated_at) VALUES (1, 1, 'p', 'draft', now(), now())");
      st.execute("INSERT INTO project_payloads (project_id, module, inputs, created_at) VALUES (1, 'pricing', '{}', now()), (99, 'pricing', '{}', now())");
      List<String> problems = Verifier.checkRows(c, new DatasetSpec(new BigDecimal("0.001"), 1));
      assertThat(problems)
          .contains(
              "projects has 1 rows, expected 10",
              "project_payloads has 2 rows, expected 10",
              "project_payloads has 1 orphan row(s) whose project does not exist")
          .noneMatch(p -> p.contains("project_events has") && p.contains("orphan"));
    }
  }

  @Test
  void anExternalServerKeepsEverythingOutsideTheHarnessSchema() throws SQLException {
    EmbeddedServer pg = (EmbeddedServer) server;
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS customer_data CASCADE");
      st.execute("CREATE SCHEMA customer_data");
      st.execute("CREATE TABLE customer_data.projects (id int primary key, name text)");
      st.execute("INSERT INTO customer_data.projects VALUES (1, 'keep me'), (2, 'me too')");
    }
    PgServer external =
        ExternalServer.open(DbSpec.parse("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", null, Map.of()));

    seed(external, "0.01", 1, SchemaVariant.REPORT, false);
    assertThatThrownBy(() -> seed(external, "0.01", 2, SchemaVariant.REPORT, false))
        .as("a different dataset in the harness schema is refused without --reset")
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("already holds a different dataset (scale 0.01, seed 1")
        .hasMessageContaining("pass --reset");
    assertThat(seed(external, "0.01", 1, SchemaVariant.REPORT, false).reused()).as("the same dataset is reused").isTrue();
    assertThat(seed(external, "0.01", 2, SchemaVariant.REPORT, true).info().seed()).isEqualTo(2);

    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE apex_bench.someone_elses (x int)");
      st.execute("DELETE FROM apex_bench.dataset_info");
    }
    assertThatThrownBy(() -> seed(external, "0.01", 2, SchemaVariant.REPORT, false))
        .hasMessageContaining("objects that are not a complete apex-bench dataset");

    try (Connection c = pg.connect()) {
      assertThat(scalar(c, "SELECT count(*) FROM customer_data.projects")).as("other schemas untouched").isEqualTo(2);
      assertThat(scalar(c, "SELECT count(*) FROM apex_bench.someone_elses")).as("refused: nothing dropped").isZero();
    }
  }

  private String tableDigest() throws SQLException {
    try (Connection c = server.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT md5(string_agg(p::text, '|' ORDER BY project_id)) || md5((SELECT string_agg(l::text, '|' ORDER BY payload_id) FROM project_payloads l))"
                    + " || md5((SELECT string_agg(e::text, '|' ORDER BY event_id) FROM project_events e)) FROM projects p")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aReusedDatasetThatWasWrittenToIsRebuiltNotReportedWithItsOldFingerprint() throws SQLException {
    seed(server, "0.05", 42, SchemaVariant.REPORT, false);
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("INSERT INTO projects (account_id, name, status, created_at, updated_at) VALUES (3, 'typed into bench serve', 'draft', now(), now())");
    }
    Seeder.Outcome again = seed(server, "0.05", 42, SchemaVariant.REPORT, false);
    assertThat(again.reused()).as("a changed dataset is not reused").isFalse();
    assertThat(said).anySatisfy(l -> assertThat(l).contains("rebuilding: the stored dataset changed since it was seeded")
        .contains("projects holds 501 rows, 500 were seeded"));
    assertThat(again.info().projects()).isEqualTo(500);

    said.clear();
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("UPDATE projects SET status = 'accepted' WHERE project_id = 7 AND status <> 'accepted'");
      st.execute("UPDATE projects SET confidence = 0.123 WHERE project_id = 7");
    }
    assertThat(seed(server, "0.05", 42, SchemaVariant.REPORT, false).reused()).as("an updated seeded row is a change too").isFalse();
    assertThat(said).anySatisfy(l -> assertThat(l).contains("seeded projects were updated"));
  }

  @Test
  void anObjectTheHarnessDidNotCreateIsRefusedWithoutResetEvenWhenTheDatasetMatches() throws SQLException {
    seed(server, "0.05", 42, SchemaVariant.REPORT, false);
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE apex_bench.my_notes (id int)");
    }
    assertThatThrownBy(() -> seed(server, "0.05", 42, SchemaVariant.REPORT, false))
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("holds objects the harness did not create (relation my_notes (r))")
        .hasMessageContaining("--reset");
    try (Connection c = server.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT to_regclass('apex_bench.my_notes') IS NOT NULL")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("nothing was dropped").isTrue();
    }
    assertThat(seed(server, "0.05", 42, SchemaVariant.REPORT, true).reused()).as("--reset rebuilds").isFalse();
  }
}
