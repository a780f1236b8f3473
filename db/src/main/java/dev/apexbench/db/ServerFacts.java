package dev.apexbench.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a run records about the server it measured: provider, version and the settings as the
 * server reports them (not as the harness asked for them).
 *
 * @param pgStatStatementsSchema the schema holding the {@code pg_stat_statements} view, or null
 *     when the extension is not installed in this database
 */
public record ServerFacts(
    String provider,
    String url,
    String serverVersion,
    int serverVersionNum,
    String versionString,
    Map<String, String> settings,
    String pgStatStatementsSchema) {

  public boolean hasPgStatStatements() {
    return pgStatStatementsSchema != null;
  }

  public static ServerFacts read(PgServer server) {
    try (Connection c = server.connect()) {
      return read(c, server.provider().label(), server.jdbcUrl());
    } catch (SQLException e) {
      throw new IllegalStateException("reading server facts failed: " + e.getMessage(), e);
    }
  }

  public static ServerFacts read(Connection c, String provider, String url) throws SQLException {
    // pg_settings lists only what this role may read (a non-superuser on an external server may
    // not see shared_preload_libraries); current_setting() gives the value as SHOW prints it
    Map<String, String> visible = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT lower(name), current_setting(name) FROM pg_settings WHERE lower(name) = ANY (?)")) {
      ps.setArray(
          1,
          c.createArrayOf(
              "text", ServerSettings.RECORDED.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          visible.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : ServerSettings.RECORDED) {
      settings.put(
          name,
          visible.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "(not visible to this role)"));
    }
    String version;
    int versionNum;
    String versionString;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_setting('server_version'), current_setting('server_version_num')::int, version()")) {
      rs.next();
      version = rs.getString(1);
      versionNum = rs.getInt(2);
      versionString = rs.getString(3);
    }
    return new ServerFacts(
        provider, url, version, versionNum, versionString, settings, pgStatStatementsSchema(c).orElse(null));
  }

  /** The schema of the installed {@code pg_stat_statements} extension, if any. */
  public static Optional<String> pgStatStatementsSchema(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname = 'pg_stat_statements'")) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }
}
