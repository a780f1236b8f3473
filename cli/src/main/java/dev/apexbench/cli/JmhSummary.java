package dev.apexbench.cli;

import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.Intended;
import dev.apexbench.reports.model.QueryResult;

/** Builds {@code queries[]} entries: catalog metadata, then JMH statistics and the plan. */
final class JmhSummary {
  private JmhSummary() {}

  /** A result with the catalog's description of the query and no measurements yet. */
  static QueryResult emptyResult(CatalogQuery q, SchemaVariant variant) {
    Intended intended = q.intended(variant);
    String note = intended instanceof Intended.None none ? none.reason() : null;
    return new QueryResult(
        q.name(),
        q.queryClass() == null ? "baseline" : q.queryClass().label(),
        q.description(),
        q.sql(),
        intended.label(),
        note,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
