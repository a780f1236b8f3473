package dev.apexbench.db.explain;

import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.ServerSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Explains a catalog query the way the benchmark runs it: as a server-side prepared statement,
 * executed enough times (with sampled parameters) for PostgreSQL's plan cache to decide between
 * custom and generic plans, then {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE} with
 * the first sampled parameter set.
 */
public final class Explainer {
  /** PostgreSQL considers a generic plan after five custom ones. */
  static final int SETTLE_EXECUTIONS = 6;

  private Explainer() {}

  public static PlanSummary explain(Connection c, CatalogQuery q, SchemaVariant variant, List<Object[]> params)
      throws SQLException {
    if (params.isEmpty()) {
      throw new IllegalArgumentException("no parameters sampled for " + q.name());
    }
    String name = "apex_explain_" + Math.abs(q.name().hashCode());
    try (Statement st = c.createStatement()) {
      st.execute("PREPARE " + name + " AS " + ServerSql.toServer(q.sql()));
      try {
        for (int i = 0; i < SETTLE_EXECUTIONS; i++) {
          try (ResultSet rs = st.executeQuery("EXECUTE " + name + args(params.get(i % params.size())))) {
            while (rs.next()) {
              // consume, as the benchmark does
            }
          }
        }
        String json;
        try (ResultSet rs =
            st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE " + name + args(params.get(0)))) {
          rs.next();
          json = rs.getString(1);
        }
        List<String> literals = Arrays.stream(params.get(0)).map(ServerSql::literal).toList();
        return PlanAnalyzer.analyze(json, q.intended(variant), literals);
      } finally {
        st.execute("DEALLOCATE " + name);
      }
    }
  }

  private static String args(Object[] p) {
    if (p.length == 0) {
      return "";
    }
    return Arrays.stream(p).map(ServerSql::literal).collect(Collectors.joining(", ", "(", ")"));
  }
}
