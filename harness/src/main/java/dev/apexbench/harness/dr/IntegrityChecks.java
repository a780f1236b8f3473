package dev.apexbench.harness.dr;

import dev.apexbench.db.PgServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integrity of the harness schema's data, as a DR test shows an auditor: row counts, a content
 * fingerprint computed from the rows in a stable order, every B-tree index checked against its
 * table by amcheck ({@code bt_index_check} with heapallindexed), every foreign key and CHECK
 * constraint re-evaluated over the rows (a restore or a replica-mode load can hold rows that break
 * them), and the materialized view equal to a fresh run of its query.
 */
public final class IntegrityChecks {
  /** One check. */
  public record Check(String name, boolean pass, String detail) {}

  /** The dataset's tables, in the order they are counted and fingerprinted. */
  public static final List<String> TABLES = List.of("projects", "project_payloads", "project_events");

  private IntegrityChecks() {}

  /** Row count per table. */
  public static Map<String, Long> counts(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement st = c.createStatement()) {
      for (String t : TABLES) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + PgServer.SCHEMA + "." + t)) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** An md5 over every row of every table, each table in its primary key's order. */
  public static String fingerprint(Connection c) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Statement st = c.createStatement()) {
      for (String t : TABLES) {
        String pk = primaryKey(c, t);
        try (ResultSet rs = st.executeQuery("SELECT md5(coalesce(string_agg(md5(r::text), '' ORDER BY " + pk + "), '')) FROM "
            + PgServer.SCHEMA + "." + t + " r")) {
          rs.next();
          sb.append(rs.getString(1));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT md5('" + sb + "')")) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static String primaryKey(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey, a.attnum))"
            + " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            + " WHERE i.indrelid = '" + PgServer.SCHEMA + "." + table + "'::regclass AND i.indisprimary")) {
      rs.next();
      String pk = rs.getString(1);
      return pk == null ? "r::text" : pk;
    }
  }

  /**
   * Every check on a server that allows them: amcheck is created if missing (the server must let
   * this user), so call it on servers the harness owns or a scratch copy.
   */
  public static List<Check> run(Connection c, Map<String, Long> expectedCounts, String expectedFingerprint) throws SQLException {
    return run(c, expectedCounts, expectedFingerprint, true);
  }

  /**
   * As {@link #run(Connection, Map, String)}; with {@code amcheckRequired} false an amcheck this
   * user cannot create (it is not a trusted extension: creating it takes a superuser) is reported
   * as a passing check that names what was not checked, instead of a failure: for a scratch
   * database on a server the harness does not own.
   */
  public static List<Check> run(Connection c, Map<String, Long> expectedCounts, String expectedFingerprint, boolean amcheckRequired)
      throws SQLException {
    List<Check> out = new ArrayList<>();
    Map<String, Long> counts = counts(c);
    for (String t : TABLES) {
      Long want = expectedCounts == null ? null : expectedCounts.get(t);
      out.add(new Check("row count " + t, want == null || want.equals(counts.get(t)), counts.get(t) + " rows" + (want == null ? "" : ", source " + want)));
    }
    if (expectedFingerprint != null) {
      String fp = fingerprint(c);
      out.add(new Check("content fingerprint", fp.equals(expectedFingerprint), fp + (fp.equals(expectedFingerprint) ? " (equal to the source)"
          : " vs the source's " + expectedFingerprint)));
    }
    List<Check> indexes = indexes(c);
    if (!amcheckRequired && indexes.size() == 1 && indexes.get(0).name().equals("amcheck") && !indexes.get(0).pass()) {
      String why = indexes.get(0).detail().replaceFirst("^the amcheck extension is not available: ", "");
      indexes = List.of(new Check("amcheck", true, "B-tree indexes not checked: this user cannot create the amcheck extension (" + why + ")"));
    }
    out.addAll(indexes);
    out.addAll(foreignKeys(c));
    out.addAll(checkConstraints(c));
    out.addAll(materializedViews(c));
    return out;
  }

  /** amcheck on every B-tree index of the schema (heapallindexed: every heap tuple has its index entry). */
  public static List<Check> indexes(Connection c) throws SQLException {
    List<Check> out = new ArrayList<>();
    try (Statement st = c.createStatement()) {
      try {
        st.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
      } catch (SQLException e) {
        out.add(new Check("amcheck", false, "the amcheck extension is not available: " + e.getMessage().lines().findFirst().orElse("")));
        return out;
      }
      List<String> names = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
          + " JOIN pg_am am ON am.oid = c.relam JOIN pg_class t ON t.oid = i.indrelid"
          + " WHERE t.relnamespace = '" + PgServer.SCHEMA + "'::regnamespace AND am.amname = 'btree' ORDER BY 1")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String n : names) {
        try (ResultSet rs = st.executeQuery("SELECT bt_index_check('" + n.replace("'", "''") + "'::regclass, true)")) {
          rs.next();
          out.add(new Check("index " + n, true, "bt_index_check with heapallindexed: consistent"));
        } catch (SQLException e) {
          out.add(new Check("index " + n, false, e.getMessage().lines().findFirst().orElse("")));
        }
      }
    }
    return out;
  }

  /** Every foreign key of the schema: rows of the child whose key has no parent row (must be 0). */
  public static List<Check> foreignKeys(Connection c) throws SQLException {
    List<String[]> fks = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT con.conname, con.conrelid::regclass::text, con.confrelid::regclass::text,"
            + " (SELECT string_agg(quote_ident(attname), ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(att, ord)"
            + "   JOIN pg_attribute ON attrelid = con.conrelid AND attnum = k.att),"
            + " (SELECT string_agg(quote_ident(attname), ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(att, ord)"
            + "   JOIN pg_attribute ON attrelid = con.confrelid AND attnum = k.att)"
            + " FROM pg_constraint con WHERE con.contype = 'f' AND con.connamespace = '" + PgServer.SCHEMA + "'::regnamespace ORDER BY 1")) {
      while (rs.next()) {
        fks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
      }
    }
    List<Check> out = new ArrayList<>();
    for (String[] fk : fks) {
      String[] child = fk[3].split(",");
      String[] parent = fk[4].split(",");
      StringBuilder join = new StringBuilder();
      StringBuilder notNull = new StringBuilder();
      for (int i = 0; i < child.length; i++) {
        join.append(i == 0 ? "" : " AND ").append("p.").append(parent[i]).append(" = c.").append(child[i]);
        notNull.append(i == 0 ? "" : " AND ").append("c.").append(child[i]).append(" IS NOT NULL");
      }
      long orphans;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM " + fk[1] + " c WHERE " + notNull + " AND NOT EXISTS (SELECT 1 FROM " + fk[2]
              + " p WHERE " + join + ")")) {
        rs.next();
        orphans = rs.getLong(1);
      }
      out.add(new Check("foreign key " + fk[0], orphans == 0, orphans + " rows of " + fk[1] + " without their " + fk[2] + " row"));
    }
    return out;
  }

  /** Every CHECK constraint of the schema, re-evaluated: rows for which it is false (must be 0). */
  public static List<Check> checkConstraints(Connection c) throws SQLException {
    List<String[]> checks = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint"
            + " WHERE contype = 'c' AND connamespace = '" + PgServer.SCHEMA + "'::regnamespace AND conrelid <> 0 ORDER BY 1")) {
      while (rs.next()) {
        checks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    List<Check> out = new ArrayList<>();
    for (String[] ck : checks) {
      String expr = ck[2].replaceFirst("^CHECK ", "").replaceFirst(" NOT VALID$", "");
      long bad;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + ck[1] + " WHERE NOT " + expr)) {
        rs.next();
        bad = rs.getLong(1);
      }
      out.add(new Check("check " + ck[0], bad == 0, bad + " rows of " + ck[1] + " break it"));
    }
    return out;
  }

  /** Every materialized view of the schema equals a fresh run of its query (no row more, no row less). */
  public static List<Check> materializedViews(Connection c) throws SQLException {
    List<String> mvs = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'm' AND c.relnamespace = '"
            + PgServer.SCHEMA + "'::regnamespace ORDER BY 1")) {
      while (rs.next()) {
        mvs.add(rs.getString(1));
      }
    }
    List<Check> out = new ArrayList<>();
    for (String mv : mvs) {
      String def;
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_get_viewdef('" + mv.replace("'", "''") + "'::regclass)")) {
        rs.next();
        def = rs.getString(1).strip().replaceFirst(";$", "");
      }
      long diff;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM (SELECT * FROM " + mv + " EXCEPT ALL (" + def + ")) a)"
              + " + (SELECT count(*) FROM ((" + def + ") EXCEPT ALL SELECT * FROM " + mv + ") b)")) {
        rs.next();
        diff = rs.getLong(1);
      }
      out.add(new Check("materialized view " + mv, diff == 0, diff == 0 ? "equal to a fresh run of its query"
          : diff + " rows differ from a fresh run of its query"));
    }
    return out;
  }
}
