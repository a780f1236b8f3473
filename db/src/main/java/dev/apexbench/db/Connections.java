package dev.apexbench.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens harness connections and turns connection failures into one clear line. */
public final class Connections {
  private Connections() {}

  /** The properties every harness connection carries, before credentials. */
  public static Properties baseProperties() {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "apex-bench");
    p.setProperty("currentSchema", PgServer.SCHEMA);
    // an unreachable server must be reported within 10 s
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "10");
    return p;
  }

  public static Connection open(PgServer server) throws SQLException {
    try {
      return DriverManager.getConnection(server.connectUrl(), server.connectionProperties());
    } catch (SQLException e) {
      throw translate(e, server.jdbcUrl(), server.connectionProperties().getProperty("user"));
    }
  }

  /**
   * Connection failures become a {@link BenchException} (exit 2) naming the server; anything
   * else is returned unchanged for the caller to throw.
   */
  public static SQLException translate(SQLException e, String url, String user) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = hostPort(url);
    if (state.equals("28P01") || state.equals("28000")) {
      throw BenchException.environment(
          "authentication failed for user '"
              + user
              + "' at "
              + where
              + " (check the user and password in the --db URL, or PGUSER/PGPASSWORD)",
          e);
    }
    if (state.equals("3D000")) {
      throw BenchException.environment(
          "database does not exist at " + where + " (" + firstLine(e.getMessage()) + ")", e);
    }
    if (state.startsWith("08")) {
      throw BenchException.environment(
          "cannot reach PostgreSQL at " + where + ": " + firstLine(e.getMessage()), e);
    }
    return e;
  }

  static String hostPort(String jdbcUrl) {
    try {
      URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
      return u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath();
    } catch (RuntimeException ex) {
      return DbSpec.redact(jdbcUrl);
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
