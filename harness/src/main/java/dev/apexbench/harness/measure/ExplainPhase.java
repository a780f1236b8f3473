package dev.apexbench.harness.measure;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.explain.Explainer;
import dev.apexbench.db.explain.PlanSummary;
import dev.apexbench.harness.run.ResultsMapper;
import dev.apexbench.harness.run.Session;
import dev.apexbench.reports.model.QueryResult;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan guard: every selected query explained through its own JDBC prepared statement, under
 * both plan-cache modes, with sampled parameter sets and the largest tenant's.
 */
public final class ExplainPhase {
  /** Sampled parameter sets per query (the largest tenant's is added), each explained under both plan-cache modes. */
  static final int EXPLAIN_SAMPLES = 3;

  private ExplainPhase() {}

  /** One result per query, holding only its plan (and its checks). */
  public static List<QueryResult> explainAll(Session s, List<CatalogQuery> selected) throws Exception {
    List<QueryResult> results = new ArrayList<>();
    try (Connection c = s.server.connect()) {
      for (CatalogQuery q : selected) {
        PlanSummary p = Explainer.explain(c, q, s.variant, Explainer.paramSets(c, q, s.spec.seed(), EXPLAIN_SAMPLES));
        results.add(JmhSummary.emptyResult(q, s.variant).withPlan(ResultsMapper.plan(p)));
      }
    }
    return results;
  }
}
