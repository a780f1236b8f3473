package dev.apexbench.db.metrics;

import dev.apexbench.db.PgServer;
import dev.apexbench.db.ServerFacts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Samples pg_stat_* right before and right after a measured phase. Since PostgreSQL 15 a backend
 * flushes its statistics when it goes idle (at most once a second, or up to 10 s later) and
 * always when it exits, so {@link #awaitQuiescence} waits for the phase's other harness
 * connections to close before the "after" sample is taken.
 */
public final class DbMetrics {
  private DbMetrics() {}

  public static StatsSnapshot snapshot(Connection c) throws SQLException {
    long now = System.nanoTime();
    long hit, read, commit, rollback;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT blks_hit, blks_read, xact_commit, xact_rollback FROM pg_stat_database"
                    + " WHERE datname = current_database()")) {
      rs.next();
      hit = rs.getLong(1);
      read = rs.getLong(2);
      commit = rs.getLong(3);
      rollback = rs.getLong(4);
    }
    Map<String, long[]> idx = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT relname, sum(coalesce(idx_blks_hit, 0)), sum(coalesce(idx_blks_read, 0))"
                    + " FROM pg_statio_user_indexes WHERE schemaname = '" + PgServer.SCHEMA + "' GROUP BY relname")) {
      while (rs.next()) {
        idx.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    }
    Map<String, StatsSnapshot.Table> tables = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT t.relname, coalesce(t.seq_scan, 0), coalesce(t.idx_scan, 0), coalesce(t.seq_tup_read, 0),"
                    + " coalesce(t.idx_tup_fetch, 0), coalesce(io.heap_blks_hit, 0), coalesce(io.heap_blks_read, 0),"
                    + " coalesce(io.toast_blks_hit, 0) + coalesce(io.tidx_blks_hit, 0),"
                    + " coalesce(io.toast_blks_read, 0) + coalesce(io.tidx_blks_read, 0)"
                    + " FROM pg_stat_user_tables t JOIN pg_statio_user_tables io ON io.relid = t.relid"
                    + " WHERE t.schemaname = '" + PgServer.SCHEMA + "'"
                    + " AND t.relname NOT IN ('flyway_schema_history', 'dataset_info')")) {
      while (rs.next()) {
        long[] ib = idx.getOrDefault(rs.getString(1), new long[2]);
        tables.put(
            rs.getString(1),
            new StatsSnapshot.Table(
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), ib[0], ib[1],
                rs.getLong(8), rs.getLong(9)));
      }
    }
    return new StatsSnapshot(now, hit, read, commit, rollback, tables, statements(c));
  }

  private static Map<String, StatsSnapshot.Statement> statements(Connection c) throws SQLException {
    Map<String, StatsSnapshot.Statement> out = new HashMap<>();
    String schema = ServerFacts.pgStatStatementsSchema(c).orElse(null);
    if (schema == null) {
      return out;
    }
    try (Statement st = c.createStatement();
        // with track=all a statement can have a top-level and a nested row (bench explain's
        // EXPLAIN EXECUTE) under one queryid: sum them, recovering the sum of squares per row
        ResultSet rs =
            st.executeQuery(
                "SELECT queryid::text || ':' || userid::text, min(query), sum(calls), sum(total_exec_time),"
                    + " sum(calls * (stddev_exec_time ^ 2 + mean_exec_time ^ 2)), sum(rows),"
                    + " sum(shared_blks_hit), sum(shared_blks_read), sum(temp_blks_read + temp_blks_written), sum(wal_bytes)::bigint"
                    + " FROM \"" + schema + "\".pg_stat_statements"
                    + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND queryid IS NOT NULL GROUP BY queryid, userid")) {
      while (rs.next()) {
        long calls = rs.getLong(3);
        // pg_stat_statements keeps the first text seen for a queryid; bench explain's
        // "PREPARE apex_explain_n AS <query>" shares the benchmark's queryid
        String query = rs.getString(2).replaceFirst("^PREPARE apex_explain_\\d+ AS ", "");
        if (query.contains("pg_stat_statements") || query.contains("pg_statio_") || query.contains("pg_stat_database")) {
          continue; // the sampler's own queries
        }
        out.put(rs.getString(1), new StatsSnapshot.Statement(query, calls, rs.getDouble(4), rs.getDouble(5), rs.getLong(6),
            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)));
      }
    }
    return out;
  }

  /**
   * What the shared buffers held when a measured phase began: loaded with the harness's relations
   * ({@code prewarmed}), or emptied of them (a cold start).
   *
   * @param prewarmed true when pg_prewarm loaded the harness's relations
   * @param note what was done, for the run's settings and the report
   */
  public record CacheState(boolean prewarmed, String note) {
    /** "(prewarmed)" or "(cold start)": how every hit-rate target is labelled. */
    public String label() {
      return prewarmed ? "(prewarmed)" : "(cold start)";
    }
  }

  /**
   * Sets the shared buffers up for a measured phase: with {@code prewarm}, pg_prewarm loads the
   * harness's tables, indexes and TOAST data (every embedded run starts a fresh server, whose cold
   * cache would otherwise dominate short windows, and then the hit rates are 100 % by
   * construction at scale 1); without, the harness's relations are evicted from shared buffers
   * with pg_buffercache where it can (PostgreSQL 17+, a superuser), so the hit rates show a cold
   * start. Extensions are created only on servers the harness owns; elsewhere they are used where
   * installed.
   *
   * <p>It runs on a connection of its own, closed before returning: a backend flushes its
   * statistics at most once a second while it lives, so doing this on the sampling connection
   * would put its block reads into the measured window. Call {@link #awaitQuiescence} before the
   * "before" snapshot.
   */
  public static CacheState prepareCache(PgServer server, boolean prewarm) {
    return prewarm ? new CacheState(true, prewarm(server)) : new CacheState(false, evict(server));
  }

  /** The harness's relations: tables, indexes, materialized views, their TOAST tables and TOAST indexes. */
  private static final String HARNESS_RELATIONS =
      " SELECT c.oid AS r FROM pg_class c WHERE c.relnamespace = '" + PgServer.SCHEMA + "'::regnamespace"
          + "   AND c.relkind IN ('r', 'i', 'm')"
          + " UNION ALL SELECT c.reltoastrelid FROM pg_class c WHERE c.relnamespace = '" + PgServer.SCHEMA + "'::regnamespace"
          + "   AND c.reltoastrelid <> 0"
          + " UNION ALL SELECT i.indexrelid FROM pg_class c JOIN pg_index i ON i.indrelid = c.reltoastrelid"
          + "   WHERE c.relnamespace = '" + PgServer.SCHEMA + "'::regnamespace AND c.reltoastrelid <> 0";

  /** Loads the harness's relations into shared buffers with pg_prewarm; returns what was done. */
  public static String prewarm(PgServer server) {
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      if (!extension(st, "pg_prewarm", server.ownsServer())) {
        return "not prewarmed (pg_prewarm is not installed on this server)";
      }
      try (ResultSet rs = st.executeQuery("SELECT coalesce(sum(public.pg_prewarm(r)), 0) FROM (" + HARNESS_RELATIONS + ") x")) {
        rs.next();
        return "pg_prewarm loaded " + rs.getLong(1) + " blocks of the apex_bench tables, indexes and TOAST before each measured phase";
      }
    } catch (SQLException e) {
      return "not prewarmed (" + e.getMessage().lines().findFirst().orElse("") + ")";
    }
  }

  /** Evicts the harness's relations from shared buffers with pg_buffercache; returns what was done. */
  static String evict(PgServer server) {
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      if (!extension(st, "pg_buffercache", server.ownsServer())) {
        return "not prewarmed; the shared buffers keep what earlier work loaded (pg_buffercache, which could empty them,"
            + " is not installed on this server)";
      }
      long evicted = 0;
      try (ResultSet rs = st.executeQuery(
          "SELECT coalesce(sum(b.n), 0) FROM (SELECT (SELECT count(*) FROM public.pg_buffercache b"
              + " WHERE b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
              + " AND b.relfilenode = pg_relation_filenode(x.r)) AS n FROM (" + HARNESS_RELATIONS + ") x) b")) {
        rs.next();
        evicted = rs.getLong(1);
      }
      try {
        // PostgreSQL 18: one call per relation
        st.executeQuery("SELECT public.pg_buffercache_evict_relation(x.r) FROM (" + HARNESS_RELATIONS + ") x").close();
      } catch (SQLException e18) {
        // PostgreSQL 17: one call per buffer
        st.executeQuery("SELECT public.pg_buffercache_evict(b.bufferid) FROM public.pg_buffercache b"
            + " WHERE b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND b.relfilenode IN (SELECT pg_relation_filenode(x.r) FROM (" + HARNESS_RELATIONS + ") x)").close();
      }
      return "cold start: pg_buffercache evicted " + evicted + " buffers of the apex_bench tables, indexes and TOAST before each"
          + " measured phase (the operating system's page cache is not emptied)";
    } catch (SQLException e) {
      return "not prewarmed; the shared buffers keep what earlier work loaded (they could not be emptied: "
          + e.getMessage().lines().findFirst().orElse("") + ")";
    }
  }

  /** Whether an extension can be used: installed, or created here on a server the harness owns. */
  private static boolean extension(Statement st, String name, boolean ownsServer) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = '" + name + "'")) {
      if (rs.next()) {
        return true;
      }
    }
    if (ownsServer) {
      st.execute("CREATE EXTENSION IF NOT EXISTS " + name + " SCHEMA public");
      return true;
    }
    return false;
  }

  /**
   * Waits (up to {@code maxMillis}) until no other harness connection is open, so that their
   * statistics have been flushed. Returns false if some stayed open.
   */
  public static boolean awaitQuiescence(Connection c, long maxMillis) throws SQLException {
    return awaitQuiescence(c, maxMillis, "apex-bench");
  }

  /**
   * As {@link #awaitQuiescence(Connection, long)}, for connections whose application_name
   * matches a LIKE pattern (the api's pool is {@code apex-bench-api}).
   */
  public static boolean awaitQuiescence(Connection c, long maxMillis, String applicationNameLike) throws SQLException {
    long deadline = System.nanoTime() + maxMillis * 1_000_000L;
    while (true) {
      try (java.sql.PreparedStatement st =
          c.prepareStatement(
              "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE ?"
                  + " AND pid <> pg_backend_pid() AND datname = current_database()")) {
        st.setString(1, applicationNameLike);
        ResultSet rs = st.executeQuery();
        rs.next();
        if (rs.getLong(1) == 0) {
          return true;
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
