package dev.apexbench.harness.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.explain.Explainer;
import dev.apexbench.db.metrics.DbMetrics;
import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.harness.run.ResultsMapper;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work counters against a known answer, on a real server: the same measurement twice (A/A)
 * changes no counter and no plan shape; the same measurement with one index dropped (inside a
 * transaction that is rolled back, so the dataset is untouched) is a regression of exactly the
 * queries that index served, by their blocks and their plan shape, naming the index.
 */
@Tag("real-server")
class WorkCountersTest {
  @TempDir static Path home;
  static Session session;
  static final List<CatalogQuery> QUERIES = List.of(QueryCatalog.get("simple.by_content_sha"), QueryCatalog.get("simple.project_by_id"),
      QueryCatalog.get("composite.project_timeline"));
  static final String DROPPED = "ix_projects_content_sha";

  @BeforeAll
  static void open() {
    TestWorkspace tw = new TestWorkspace(home);
    session = Session.open(tw.workspace(), new SessionRequest(DbSpec.parse("embedded", null, Map.of()), false,
        new DatasetSpec(new BigDecimal("0.2"), 42), SchemaVariant.REPORT));
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  /** The plan guard's explains, then each query 200 times with sampled parameters between two pg_stat snapshots; with or without the index. */
  static Results measure(boolean dropIndex) throws Exception {
    List<QueryResult> out = new ArrayList<>();
    try (Connection c = session.server.connect(); Connection stats = session.server.connect(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      if (dropIndex) {
        st.execute("DROP INDEX apex_bench." + DROPPED); // rolled back below (DDL is transactional): the dataset keeps it
      }
      List<QueryResult> plans = new ArrayList<>();
      for (CatalogQuery q : QUERIES) {
        plans.add(JmhSummary.emptyResult(q, session.variant).withPlan(ResultsMapper.plan(
            Explainer.explain(c, q, session.variant, Explainer.paramSets(c, q, session.spec.seed(), 3)))));
      }
      StatsSnapshot before = DbMetrics.snapshot(stats);
      for (CatalogQuery q : QUERIES) {
        List<Object[]> params = q.sample(c, session.spec.seed(), 200);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
          for (Object[] p : params) {
            CatalogQuery.bind(ps, p);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                // read every row, as the benchmark does
              }
            }
          }
        }
      }
      c.rollback(); // the index is back
      c.setAutoCommit(true);
      StatsSnapshot after = DbMetrics.snapshot(stats); // pg_stat_statements counts a statement when it ends
      var executed = JmhSummary.byText(StatsWindow.allStatements(before, after));
      for (QueryResult p : plans) {
        var d = executed.get(JmhSummary.normalise(dev.apexbench.db.catalog.ServerSql.toServer(p.sql())));
        out.add(d == null ? p : p.withWork(JmhSummary.work(d)));
      }
    }
    return new Results(Results.SCHEMA_VERSION, null, null, out, null, null, null, null, null, null);
  }

  @Test
  void twoMeasurementsOfOneDatasetChangeNoCounterAndDroppingAnIndexFlagsExactlyTheQueriesItServed() throws Exception {
    Results a = measure(false);
    Results b = measure(false);
    assertThat(a.queries()).allSatisfy(q -> {
      assertThat(q.work()).as(q.name() + " has work counters").isNotNull();
      assertThat(q.work().calls()).isEqualTo(200);
      assertThat(q.plan().checks()).allSatisfy(ch -> assertThat(ch.signature()).isNotBlank());
    });
    Comparison aa = Comparator.compare(a, b, CompareOptions.defaults());
    assertThat(aa.metrics()).as("A/A: no work counter moves").allSatisfy(m -> assertThat(m.verdict()).as(m.subject() + " " + m.metric())
        .isEqualTo(Comparison.NO_CHANGE));
    assertThat(aa.metrics()).filteredOn(m -> m.metric().equals("plan_blocks_per_execution"))
        .allSatisfy(m -> assertThat(m.changePct()).as("the plan guard's blocks are exact on one dataset").isZero());

    Results dropped = measure(true);
    Comparison ab = Comparator.compare(a, dropped, CompareOptions.defaults());
    List<Comparison.MetricChange> regressions = ab.metrics().stream().filter(m -> Comparison.REGRESSION.equals(m.verdict())).toList();
    assertThat(regressions).extracting(Comparison.MetricChange::subject).containsOnly("simple.by_content_sha");
    assertThat(regressions).extracting(Comparison.MetricChange::metric)
        .containsExactlyInAnyOrder("plan_blocks_per_execution", "plan_signature", "blocks_per_call");
    assertThat(regressions).filteredOn(m -> m.metric().equals("plan_signature")).singleElement()
        .satisfies(m -> assertThat(m.test()).contains("no longer uses " + DROPPED));
    assertThat(regressions).filteredOn(m -> m.metric().equals("blocks_per_call")).singleElement()
        .satisfies(m -> assertThat(m.current()).as("a scan of projects instead of a 4-block index lookup").isGreaterThan(10 * m.baseline()));
    assertThat(ab.verdict()).isEqualTo(Comparison.REGRESSION);
  }
}
