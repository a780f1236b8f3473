package dev.apexbench.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The harness schema ({@code apex_bench}), built by Flyway in two steps around the bulk load:
 * {@link #migrateTables()} creates the tables (V1), {@link #migrateRest()} adds indexes, foreign
 * keys, the materialized view and the variant's changes.
 */
public final class Schema {
  /** The last migration applied before the bulk load. */
  public static final String TABLES_VERSION = "1";

  private final PgServer server;
  private final SchemaVariant variant;

  public Schema(PgServer server, SchemaVariant variant) {
    this.server = server;
    this.variant = variant;
  }

  public SchemaVariant variant() {
    return variant;
  }

  private Flyway flyway(MigrationVersion target) {
    List<String> locations = new ArrayList<>();
    locations.add("classpath:db/migration");
    locations.addAll(variant.extraLocations());
    return Flyway.configure()
        .dataSource(dataSource(server))
        .schemas(PgServer.SCHEMA)
        .defaultSchema(PgServer.SCHEMA)
        .createSchemas(true)
        .locations(locations.toArray(new String[0]))
        .target(target)
        .load();
  }

  public void migrateTables() {
    flyway(MigrationVersion.fromVersion(TABLES_VERSION)).migrate();
  }

  public void migrateRest() {
    flyway(MigrationVersion.LATEST).migrate();
  }

  /**
   * A short hash over every migration of this variant (version and checksum): it changes when any
   * migration file changes, so a dataset built by older SQL is not reused.
   */
  public String version() {
    // only migrations this variant resolves from the classpath: what the database has applied
    // (perhaps another variant's) must not leak into the identity of the dataset about to be built
    StringBuilder sb = new StringBuilder();
    String last = "0";
    for (MigrationInfo mi : flyway(MigrationVersion.LATEST).info().all()) {
      if (mi.getVersion() != null && mi.getState().isResolved()) {
        sb.append(mi.getVersion()).append(':').append(mi.getChecksum()).append(';');
        last = mi.getVersion().toString();
      }
    }
    return "v" + last + "-" + sha256(sb.toString()).substring(0, 12);
  }

  /** True when the harness schema exists and holds at least one object. */
  public static boolean schemaHasObjects(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE n.nspname = '"
                    + PgServer.SCHEMA
                    + "'")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  /**
   * Drops the harness schema and everything in it. Refuses (exit 2) when anything outside the
   * schema depends on it (a view, a foreign key, a function...), because CASCADE would drop that
   * too: nothing outside {@code apex_bench} is ever touched.
   */
  public static void dropHarnessSchema(Connection c) throws SQLException {
    java.util.List<String> outside = new java.util.ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                // a view depends through its _RETURN rule, which pg_identify_object gives no schema:
                // such rules are resolved to their view
                "SELECT DISTINCT coalesce(v.type, o.type) || ' ' || coalesce(v.identity, o.identity) FROM pg_depend d"
                    + " JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = '" + PgServer.SCHEMA + "'"
                    + " CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, d.objsubid) o"
                    + " LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid"
                    + " LEFT JOIN LATERAL pg_identify_object('pg_class'::regclass, r.ev_class, 0) v ON r.oid IS NOT NULL"
                    + " WHERE d.deptype IN ('n', 'a') AND coalesce(v.schema, o.schema) IS NOT NULL"
                    + " AND coalesce(v.schema, o.schema) <> '" + PgServer.SCHEMA + "'"
                    + " AND coalesce(v.schema, o.schema) NOT LIKE 'pg_toast%' ORDER BY 1")) {
      while (rs.next()) {
        outside.add(rs.getString(1));
      }
    }
    if (!outside.isEmpty()) {
      throw BenchException.usage(
          "the " + PgServer.SCHEMA + " schema cannot be dropped: objects outside it depend on it ("
              + String.join(", ", outside) + "); remove them first (the harness touches nothing outside its schema)");
    }
    try (Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + PgServer.SCHEMA + " CASCADE");
    }
  }

  public static PGSimpleDataSource dataSource(PgServer server) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(server.connectUrl());
    try {
      for (Map.Entry<Object, Object> e : server.connectionProperties().entrySet()) {
        ds.setProperty(e.getKey().toString(), e.getValue().toString());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ds;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
