package dev.apexbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Progress;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.TestPostgres;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.catalog.QueryClass;
import dev.apexbench.db.explain.Explainer;
import dev.apexbench.db.explain.PlanSummary;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The query catalog, the plan guard and the metrics window, on seeded data in a real server. */
@RealServer
class CatalogTest {
  static PgServer server;

  @BeforeAll
  static void seed() {
    server = TestPostgres.server();
    new Seeder(m -> {}, Progress.NONE)
        .ensure(server, new Seeder.Request(new DatasetSpec(new BigDecimal("0.3"), 42), SchemaVariant.REPORT, false));
  }

  @Test
  void everyEntryRunsAndReturnsRowsForEverySampledParameterSet() throws SQLException {
    try (Connection c = server.connect()) {
      for (CatalogQuery q : QueryCatalog.ALL) {
        List<Object[]> params = q.sample(c, 42, 20);
        assertThat(params).as(q.name()).hasSize(20);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
          for (Object[] p : params) {
            assertThat(p).as(q.name() + " parameter count").hasSize(q.parameterCount());
            CatalogQuery.bind(ps, p);
            try (ResultSet rs = ps.executeQuery()) {
              assertThat(rs.next()).as(q.name() + " with " + Arrays.toString(p) + " returns rows").isTrue();
            }
          }
        }
      }
    }
  }

  @Test
  void everySamplerIsDeterministic() throws SQLException {
    try (Connection c = server.connect()) {
      for (CatalogQuery q : QueryCatalog.ALL) {
        List<Object[]> a = q.sample(c, 7, 50);
        List<Object[]> b = q.sample(c, 7, 50);
        assertThat(a).as(q.name() + ": same seed, same parameters").usingRecursiveFieldByFieldElementComparator().isEqualTo(b);
        if (!q.name().equals("jsonb.key_exists")) { // a single key by design
          List<Object[]> other = q.sample(c, 8, 50);
          assertThat(deep(other)).as(q.name() + ": another seed, other parameters").isNotEqualTo(deep(a));
        }
      }
    }
  }

  @Test
  void catalogCoversEveryClassAndEveryReportIndex() {
    for (QueryClass k : QueryClass.values()) {
      assertThat(QueryCatalog.ALL.stream().filter(q -> q.queryClass() == k)).as(k.label()).hasSizeGreaterThanOrEqualTo(3);
    }
    List<String> intended = QueryCatalog.ALL.stream().map(q -> q.intended(SchemaVariant.REPORT).label()).toList();
    assertThat(intended)
        .contains(
            "ix_projects_status_created",
            "ix_projects_account_status_created",
            "ix_projects_content_sha",
            "ix_projects_etag",
            "ix_payloads_project_module",
            "ix_events_project_timestamp",
            "ix_projects_active_status",
            "materialized view");
  }

  @Test
  void benchmarkParamsListExactlyTheCatalogEntriesOfTheirClass() throws Exception {
    for (Map.Entry<QueryClass, JmhLauncher.Family> f : JmhLauncher.FAMILIES.entrySet()) {
      Field field = f.getValue().benchmark().getField(f.getValue().param());
      List<String> params = Arrays.asList(field.getAnnotation(Param.class).value());
      List<String> catalog = QueryCatalog.ALL.stream().filter(q -> q.queryClass() == f.getKey()).map(CatalogQuery::name).toList();
      assertThat(params).as(f.getValue().benchmark().getSimpleName()).containsExactlyElementsOf(catalog);
    }
  }

  @Test
  void reportIndexesServeTheirQueriesInEveryPlanAndJsonbHasNone() throws SQLException {
    try (Connection c = server.connect()) {
      for (CatalogQuery q : QueryCatalog.ALL) {
        PlanSummary p = Explainer.explain(c, q, SchemaVariant.REPORT, Explainer.paramSets(c, q, 42, 3));
        assertThat(p.checks()).as(q.name() + ": 3 samples and the largest tenant, custom and generic").hasSize(8);
        assertThat(p.checks()).extracting(PlanSummary.Check::mode).containsOnly(Explainer.CUSTOM, Explainer.GENERIC);
        assertThat(p.checks()).extracting(PlanSummary.Check::paramSet).contains("largest tenant");
        assertThat(p.violation()).as(q.name() + ": " + p.checks().stream().filter(x -> !x.pass()).map(PlanSummary.Check::reason).toList())
            .isFalse();
        if (q.queryClass() == QueryClass.JSONB) {
          assertThat(p.usesIntended()).isNull();
          assertThat(p.nodeTypes()).as(q.name()).contains("Seq Scan");
        }
      }
    }
  }

  @Test
  void theGenericPlanIsExplainedThroughTheBenchmarksOwnStatementTypes() throws SQLException {
    CatalogQuery q = QueryCatalog.get("composite.tenant_status_range");
    try (Connection c = server.connect()) {
      PlanSummary p = Explainer.explain(c, q, SchemaVariant.REPORT, Explainer.paramSets(c, q, 42, 1));
      PlanSummary.Check generic = p.checks().stream().filter(x -> x.mode().equals(Explainer.GENERIC)).findFirst().orElseThrow();
      assertThat(generic.generic()).as("force_generic_plan gives a plan that refers to $1..$4").isTrue();
      PlanSummary.Check custom = p.checks().get(0);
      assertThat(custom.mode()).isEqualTo(Explainer.CUSTOM);
      assertThat(custom.generic()).isFalse();
    }
  }

  @Test
  void aQueryForcedOntoASequentialScanIsAViolation() throws SQLException {
    CatalogQuery q = QueryCatalog.get("simple.by_content_sha");
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      st.execute("SET enable_indexscan = off");
      st.execute("SET enable_bitmapscan = off");
      st.execute("SET enable_indexonlyscan = off");
      PlanSummary p = Explainer.explain(c, q, SchemaVariant.REPORT, Explainer.paramSets(c, q, 42, 2));
      assertThat(p.nodeTypes()).contains("Seq Scan");
      assertThat(p.usesIntended()).isFalse();
      assertThat(p.violation()).isTrue();
      assertThat(p.json()).contains("\"Node Type\": \"Seq Scan\"");
      assertThat(p.checks()).allSatisfy(x -> assertThat(x.reason()).contains("Seq Scan on projects"));
    }
  }

  @Test
  void theMaterializedViewMustBeReadThroughItsUniqueIndex() throws SQLException {
    CatalogQuery q = QueryCatalog.get("aggregation.tenant_status_view");
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      PlanSummary ok = Explainer.explain(c, q, SchemaVariant.REPORT, Explainer.paramSets(c, q, 42, 1));
      assertThat(ok.violation()).as(ok.checks().toString()).isFalse();
      // at this test's scale the view fits one page, which may be read whole; make it look larger
      st.execute("SET allow_system_table_mods = on");
      st.execute("BEGIN");
      st.execute("UPDATE pg_class SET relpages = 50 WHERE oid = 'apex_bench.project_stats'::regclass");
      st.execute("SET enable_indexscan = off");
      st.execute("SET enable_bitmapscan = off");
      st.execute("SET enable_indexonlyscan = off");
      PlanSummary scan = Explainer.explain(c, q, SchemaVariant.REPORT, Explainer.paramSets(c, q, 42, 1));
      assertThat(scan.relations()).as("it still reads the view").contains("project_stats");
      assertThat(scan.violation()).as("a Seq Scan of the view is not what the view is for").isTrue();
      assertThat(scan.checks().get(0).reason()).contains("does not use project_stats through ux_project_stats_account_status")
          .contains("Seq Scan on project_stats");
      st.execute("ROLLBACK");
    }
  }

  @Test
  void theMetricsWindowSeesTheQueriesRunInsideIt() throws SQLException {
    CatalogQuery q = QueryCatalog.get("composite.project_timeline");
    try (Connection stats = server.connect()) {
      StatsSnapshot before = DbMetrics.snapshot(stats);
      try (Connection c = server.connect();
          PreparedStatement ps = c.prepareStatement(q.sql())) {
        for (Object[] p : q.sample(c, 1, 40)) {
          CatalogQuery.bind(ps, p);
          ps.executeQuery().close();
        }
      }
      assertThat(DbMetrics.awaitQuiescence(stats, 10_000)).as("the query connection's stats are flushed at exit").isTrue();
      StatsWindow w = StatsWindow.between("test", before, DbMetrics.snapshot(stats));
      var events = w.tables().stream().filter(t -> t.table().equals("project_events")).findFirst().orElseThrow();
      assertThat(events.delta().idxScan()).as("one index scan of events per execution, at least").isGreaterThanOrEqualTo(40);
      assertThat(w.cacheHitRate()).isNotNull().isGreaterThan(0.5);
      assertThat(w.topStatements()).anySatisfy(s -> assertThat(s.query()).contains("project_events").satisfies(x -> assertThat(s.calls()).isGreaterThanOrEqualTo(40)));
    }
  }

  @Test
  void thePrewarmsOwnBlockAccessesStayOutOfTheNextWindow() throws Exception {
    try (Connection stats = server.connect()) {
      assertThat(DbMetrics.prewarm(server)).startsWith("pg_prewarm loaded");
      assertThat(DbMetrics.awaitQuiescence(stats, 10_000)).isTrue();
      StatsSnapshot before = DbMetrics.snapshot(stats);
      Thread.sleep(1_500); // past PostgreSQL's 1 s minimum interval between a backend's stats flushes
      try (Statement st = stats.createStatement()) {
        st.execute("SELECT 1"); // a transaction end on the sampling backend: it flushes what it has pending
      }
      StatsWindow w = StatsWindow.between("idle", before, DbMetrics.snapshot(stats));
      for (StatsWindow.TableDelta t : w.tables()) {
        assertThat(t.delta().heapBlksHit() + t.delta().heapBlksRead() + t.delta().idxBlksHit() + t.delta().idxBlksRead())
            .as(t.table() + ": nothing touched it inside the window").isZero();
      }
    }
  }

  @Test
  void unknownGlobIsAUsageError() {
    assertThatThrownBy(() -> QueryCatalog.select("nosuch.*"))
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageStartingWith("--queries: 'nosuch.*' matches no catalog query");
    assertThat(QueryCatalog.select("simple.*,jsonb.key_exists")).hasSize(6);
  }

  private static List<List<Object>> deep(List<Object[]> l) {
    return l.stream().map(Arrays::asList).toList();
  }
}
