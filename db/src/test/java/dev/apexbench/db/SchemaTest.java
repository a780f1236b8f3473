package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The migrations produce exactly the report's objects, and the constraints hold. */
@RealServer
class SchemaTest {
  static final String[] REPORT_INDEXES = {
    "ix_projects_status_created",
    "ix_projects_account_status_created",
    "ix_projects_content_sha",
    "ix_projects_etag",
    "ix_payloads_project_module",
    "ix_events_project_timestamp",
    "ix_projects_active_status"
  };

  PgServer server = TestPostgres.server();

  @BeforeEach
  void freshSchema() throws SQLException {
    try (Connection c = server.connect()) {
      Schema.dropHarnessSchema(c);
    }
  }

  @Test
  void reportVariantHasTheSevenIndexesAndNothingMore() throws SQLException {
    new Schema(server, SchemaVariant.REPORT).migrateRest();
    Map<String, String> idx = indexes();
    assertThat(idx.keySet())
        .as("secondary indexes besides primary keys and the view's unique index")
        .containsExactlyInAnyOrder(REPORT_INDEXES);
    assertThat(idx.get("ix_projects_etag")).as("unique where not null").contains("UNIQUE").contains("WHERE (etag IS NOT NULL)");
    assertThat(idx.get("ix_projects_active_status"))
        .as("partial for non-draft")
        .contains("(account_id, updated_at DESC)")
        .contains("WHERE ((status)::text <> 'draft'::text)");
    assertThat(idx.get("ix_projects_account_status_created")).contains("(account_id, status, created_at DESC)");
    assertThat(idx.get("ix_events_project_timestamp")).contains("project_events").contains("(project_id, occurred_at DESC)");
  }

  @Test
  void envelopeColumnsHaveTheReportsTypes() throws SQLException {
    new Schema(server, SchemaVariant.REPORT).migrateRest();
    try (Connection c = server.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns"
                    + " WHERE table_schema = 'apex_bench' AND table_name = 'projects'"
                    + " AND column_name IN ('constants_version', 'content_sha256', 'confidence') ORDER BY column_name")) {
      rs.next();
      assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("confidence double precision");
      rs.next();
      assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3)).isEqualTo("constants_version character varying 500");
      rs.next();
      assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3)).isEqualTo("content_sha256 character varying 64");
    }
  }

  @Test
  void constraintsRejectBadRowsAndDeletesCascade() throws SQLException {
    new Schema(server, SchemaVariant.REPORT).migrateRest();
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      insertProject(c, 1, "draft", 0.5, "e1");
      assertThatThrownBy(() -> insertProject(c, 2, "archived", 0.5, "e2"))
          .as("status outside the five allowed")
          .hasMessageContaining("ck_projects_status");
      assertThatThrownBy(() -> insertProject(c, 3, "draft", 1.5, "e3"))
          .as("confidence above 1")
          .hasMessageContaining("ck_projects_confidence");
      insertProject(c, 4, "draft", null, null);
      insertProject(c, 5, "draft", null, null); // etag is unique only where set
      assertThatThrownBy(() -> insertProject(c, 6, "submitted", 0.9, "e1"))
          .as("duplicate etag")
          .hasMessageContaining("ix_projects_etag");

      st.execute("INSERT INTO project_payloads (project_id, module, inputs, created_at) VALUES (1, 'pricing', '{}', now())");
      st.execute("INSERT INTO project_events (project_id, event_type, occurred_at) VALUES (1, 'created', now()), (1, 'comment', now())");
      assertThatThrownBy(() -> st.execute("INSERT INTO project_events (project_id, event_type, occurred_at) VALUES (999, 'x', now())"))
          .as("foreign key").hasMessageContaining("fk_events_project");
      st.execute("DELETE FROM projects WHERE project_id = 1");
      assertThat(count(c, "SELECT count(*) FROM project_payloads WHERE project_id = 1")).as("payloads cascade").isZero();
      assertThat(count(c, "SELECT count(*) FROM project_events WHERE project_id = 1")).as("events cascade").isZero();
    }
  }

  @Test
  void statsViewSupportsConcurrentRefresh() throws SQLException {
    new Schema(server, SchemaVariant.REPORT).migrateRest();
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      insertProject(c, 1, "accepted", 0.8, null);
      insertProject(c, 2, "accepted", 0.6, null);
      st.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY project_stats");
      try (ResultSet rs = st.executeQuery("SELECT project_count, avg_confidence FROM project_stats WHERE account_id = 7 AND status = 'accepted'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(2);
        assertThat(rs.getDouble(2)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void ginVariantAddsOneIndexAndNoIndexVariantDropsTheSeven() throws SQLException {
    new Schema(server, SchemaVariant.REPORT_GIN).migrateRest();
    assertThat(indexes()).containsKey("ix_payloads_inputs_gin").hasSize(REPORT_INDEXES.length + 1);
    assertThat(indexes().get("ix_payloads_inputs_gin")).contains("USING gin (inputs jsonb_path_ops)");
    try (Connection c = server.connect()) {
      Schema.dropHarnessSchema(c);
    }
    new Schema(server, SchemaVariant.REPORT_NO_INDEXES).migrateRest();
    assertThat(indexes()).isEmpty();
  }

  @Test
  void schemaVersionDiffersBetweenVariantsAndIsStable() {
    String report = new Schema(server, SchemaVariant.REPORT).version();
    assertThat(new Schema(server, SchemaVariant.REPORT).version()).isEqualTo(report);
    assertThat(new Schema(server, SchemaVariant.REPORT_GIN).version()).isNotEqualTo(report);
  }

  @Test
  void theSchemaIsNotDroppedWhenSomethingOutsideItDependsOnIt() throws SQLException {
    new Schema(server, SchemaVariant.REPORT).migrateRest();
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE VIEW public.dash_v AS SELECT project_id FROM apex_bench.projects");
      try {
        assertThatThrownBy(() -> Schema.dropHarnessSchema(c))
            .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
            .hasMessageContaining("objects outside it depend on it")
            .hasMessageContaining("view public.dash_v");
        assertThat(count(c, "SELECT count(*) FROM pg_views WHERE viewname = 'dash_v'")).as("nothing dropped").isEqualTo(1);
        assertThat(count(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'apex_bench'")).isEqualTo(1);
      } finally {
        st.execute("DROP VIEW public.dash_v");
      }
      Schema.dropHarnessSchema(c);
      assertThat(count(c, "SELECT count(*) FROM pg_namespace WHERE nspname = 'apex_bench'")).isZero();
    }
  }

  @Test
  void theSchemaVersionDoesNotDependOnWhatAnotherVariantLeftInTheDatabase() throws SQLException {
    String clean = new Schema(server, SchemaVariant.REPORT).version();
    new Schema(server, SchemaVariant.REPORT_GIN).migrateRest(); // V100 applied
    assertThat(new Schema(server, SchemaVariant.REPORT).version()).isEqualTo(clean);
  }

  @Test
  void unknownVariantIsOneClearLine() {
    assertThatThrownBy(() -> SchemaVariant.parse("gin"))
        .hasMessage("--schema-variant: 'gin' is not allowed (allowed: report, report+gin, report+jsonb, report-indexes)");
  }

  private Map<String, String> indexes() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = server.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                    + " WHERE i.schemaname = 'apex_bench' AND i.indexname NOT LIKE '%_pkey'"
                    + " AND i.tablename <> 'project_stats' AND i.tablename <> 'flyway_schema_history'"
                    + " AND i.tablename <> 'dataset_info'")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  private static void insertProject(Connection c, long id, String status, Double confidence, String etag) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO projects (project_id, account_id, name, status, created_at, updated_at, etag, confidence)"
                + " VALUES (?, 7, 'p', ?, now(), now(), ?, ?)")) {
      ps.setLong(1, id);
      ps.setString(2, status);
      ps.setString(3, etag);
      if (confidence == null) {
        ps.setNull(4, java.sql.Types.DOUBLE);
      } else {
        ps.setDouble(4, confidence);
      }
      ps.executeUpdate();
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
