package dev.apexbench.db.explain;

import dev.apexbench.db.PgServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.Intended;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.catalog.ServerSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGStatement;

/**
 * The plan guard: explains a catalog query the way the benchmark and the api run it, through a
 * JDBC prepared statement bound with the same Java values (so the server sees the same parameter
 * types: int8, varchar, timestamptz...), as the named server-side statement pgjdbc creates for it,
 * with {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE} under both plan-cache modes:
 * {@code force_custom_plan} (the plan for these values) and {@code force_generic_plan} (the plan a
 * prepared statement settles on after five executions when it is no worse on average, which is
 * what JMH and the api mostly run). Every parameter set is explained in both modes; the sets
 * include the largest tenant's.
 *
 * <p>A plan fails when the query has an intended index and the plan does not use it, or reads by
 * a sequential scan any relation that has an intended index somewhere in the catalog (a Seq Scan
 * of {@code projects} beside the right index of {@code project_events} is a failure); a query
 * whose intended relation is the materialized view must read it through its unique index. One
 * exception, because it is the right plan: a relation no larger than the sequential pages one
 * random page read costs (pg_class.relpages &lt;= random_page_cost / seq_page_cost, 4 pages with
 * the defaults; e.g. the view below scale 0.5) may be read whole by a sequential scan, which is
 * cheaper than any index lookup there. At scale 1 the view has 6 pages and must use its index.
 */
public final class Explainer {
  public static final String CUSTOM = "force_custom_plan";
  public static final String GENERIC = "force_generic_plan";
  static final List<String> MODES = List.of(CUSTOM, GENERIC);

  private Explainer() {}

  /** A named parameter set. */
  public record ParamSet(String label, Object[] values) {}

  /**
   * The parameter sets a query is explained with: the first {@code samples} sampled sets and the
   * largest tenant's.
   */
  public static List<ParamSet> paramSets(Connection c, CatalogQuery q, long seed, int samples) throws SQLException {
    List<ParamSet> out = new ArrayList<>();
    int i = 1;
    for (Object[] p : q.sample(c, seed, samples)) {
      out.add(new ParamSet("sample " + i++, p));
    }
    if (q.parameterCount() > 0) {
      out.add(new ParamSet("largest tenant", q.sampleLargestTenant(c, seed)));
    }
    return out;
  }

  public static PlanSummary explain(Connection c, CatalogQuery q, SchemaVariant variant, List<ParamSet> sets) throws SQLException {
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("no parameters sampled for " + q.name());
    }
    Intended intended = q.intended(variant);
    Map<String, String> indexTables = indexTables(c);
    Set<String> guarded = guardedRelations(variant, indexTables);
    guarded.removeAll(smallRelations(c)); // a relation smaller than one random page read is best read whole
    List<PlanSummary.Check> checks = new ArrayList<>();
    String headlineJson = null;
    PlanAnalyzer.Facts headline = null;
    try (PreparedStatement ps = c.prepareStatement(q.sql());
        Statement st = c.createStatement()) {
      ps.unwrap(PGStatement.class).setPrepareThreshold(1); // a named server-side statement from the first execution
      CatalogQuery.bind(ps, sets.get(0).values());
      consume(ps);
      consume(ps);
      Named named = named(c, q);
      try {
        for (String mode : MODES) {
          st.execute("SET plan_cache_mode = " + mode);
          for (ParamSet set : sets) {
            String json;
            try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE \"" + named.name + "\"" + args(set.values(), named.types))) {
              rs.next();
              json = rs.getString(1);
            }
            PlanAnalyzer.Facts f = PlanAnalyzer.analyze(json);
            if (headline == null) {
              headline = f;
              headlineJson = json;
            }
            checks.add(judge(mode, set, f, intended, guarded, indexTables));
          }
        }
      } finally {
        st.execute("RESET plan_cache_mode");
      }
    }
    boolean violation = checks.stream().anyMatch(x -> !x.pass());
    Boolean uses = intended instanceof Intended.None ? null : !violation; // every checked plan passes the guard
    String note = intended instanceof Intended.None n ? n.reason() : null;
    List<String> literals = Arrays.stream(sets.get(0).values()).map(ServerSql::literal).toList();
    return new PlanSummary(headline.nodeTypes(), headline.indexes(), headline.relations(), intended.label(), uses, violation,
        headline.rows(), headline.sharedHit(), headline.sharedRead(), headline.planningMs(), headline.executionMs(),
        headline.generic(), literals, note, headlineJson, checks);
  }

  static PlanSummary.Check judge(String mode, ParamSet set, PlanAnalyzer.Facts f, Intended intended, Set<String> guarded,
      Map<String, String> indexTables) {
    List<String> problems = new ArrayList<>();
    boolean smallView = intended instanceof Intended.Relation r && !guarded.contains(r.relation()) && f.relations().contains(r.relation());
    if (!(intended instanceof Intended.None)) {
      if (!usesIntended(intended, f.indexes()) && !smallView) {
        problems.add("does not use " + (intended instanceof Intended.Relation r ? r.relation() + " through " + r.index() : intended.label())
            + (f.indexes().isEmpty() ? " (no index at all)" : " (uses " + String.join(", ", f.indexes()) + ")"));
      }
      for (String rel : f.seqScans()) {
        if (guarded.contains(rel)) {
          problems.add("Seq Scan on " + rel);
        }
      }
    }
    List<String> literals = Arrays.stream(set.values()).map(ServerSql::literal).toList();
    return new PlanSummary.Check(mode, set.label(), literals, f.nodeTypes(), f.indexes(), f.seqScans(), f.generic(), f.executionMs(),
        problems.isEmpty(), problems.isEmpty() ? null : String.join("; ", problems), f.signature(), f.blocks());
  }

  private static boolean usesIntended(Intended intended, List<String> indexes) {
    if (intended instanceof Intended.Index i) {
      return indexes.contains(i.name());
    }
    if (intended instanceof Intended.Relation r) {
      return indexes.contains(r.index());
    }
    return true;
  }

  /**
   * The relations that have an intended index (or are an intended relation) somewhere in the
   * catalog for this schema variant: a Seq Scan on one of them, in a query that has an intended
   * index, means an index the schema provides was not used.
   */
  static Set<String> guardedRelations(SchemaVariant variant, Map<String, String> indexTables) {
    Set<String> out = new LinkedHashSet<>();
    for (CatalogQuery q : QueryCatalog.ALL) {
      Intended i = q.intended(variant);
      if (i instanceof Intended.Index idx && indexTables.containsKey(idx.name())) {
        out.add(indexTables.get(idx.name()));
      } else if (i instanceof Intended.Relation r) {
        out.add(r.relation());
      }
    }
    return out;
  }

  /**
   * The harness's relations no larger (as of their last ANALYZE) than the sequential pages one
   * random page read costs on this server.
   */
  static Set<String> smallRelations(Connection c) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT relname FROM pg_class WHERE relnamespace = ?::regnamespace AND relkind IN ('r', 'm')"
            + " AND relpages <= current_setting('random_page_cost')::float8 / current_setting('seq_page_cost')::float8")) {
      ps.setString(1, PgServer.SCHEMA);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Index name to table name, for the harness schema. */
  static Map<String, String> indexTables(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT ic.relname, tc.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
            + " JOIN pg_class tc ON tc.oid = i.indrelid WHERE ic.relnamespace = ?::regnamespace")) {
      ps.setString(1, PgServer.SCHEMA);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  private record Named(String name, List<String> types) {}

  /** The server-side statement pgjdbc prepared for this query on this connection, with its parameter types. */
  private static Named named(Connection c, CatalogQuery q) throws SQLException {
    String server = ServerSql.toServer(q.sql());
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, parameter_types::text[] FROM pg_prepared_statements WHERE NOT from_sql AND statement = ? ORDER BY prepare_time DESC LIMIT 1")) {
      ps.unwrap(PGStatement.class).setPrepareThreshold(0); // this lookup itself must not become one
      ps.setString(1, server);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the plan guard found no server-side statement for " + q.name() + " (pgjdbc did not prepare it)");
        }
        Array types = rs.getArray(2);
        return new Named(rs.getString(1), types == null ? List.of() : Arrays.asList((String[]) types.getArray()));
      }
    }
  }

  private static void consume(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        // as the benchmark does
      }
    }
  }

  /** {@code (lit1::type1, ...)}: the values as literals, cast to the statement's parameter types. */
  static String args(Object[] p, List<String> types) {
    if (p.length == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < p.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(ServerSql.literal(p[i]));
      if (i < types.size()) {
        sb.append("::").append(types.get(i));
      }
    }
    return sb.append(')').toString();
  }
}
