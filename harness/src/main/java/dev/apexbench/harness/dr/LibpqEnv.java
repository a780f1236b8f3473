package dev.apexbench.harness.dr;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.PgServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** libpq's view of a server the harness connects to by JDBC: for pg_dump and pg_restore, which take it from their environment. */
public final class LibpqEnv {
  private LibpqEnv() {}

  /**
   * libpq's environment for the server's connection: PGHOST, PGPORT (one each per host),
   * PGDATABASE, PGUSER, PGPASSWORD, and the TLS and session settings the URL carries.
   */
  public static Map<String, String> libpqEnv(PgServer server) {
    Properties url = parsed(server.connectUrl());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", url.getProperty("PGHOST")); // pgjdbc's parse: comma-separated hosts and ports, brackets of IPv6 removed
    env.put("PGPORT", url.getProperty("PGPORT"));
    env.put("PGDATABASE", url.getProperty("PGDBNAME", ""));
    Properties props = server.connectionProperties();
    env.put("PGUSER", props.getProperty("user"));
    String password = props.getProperty("password");
    if (password != null && !password.isEmpty()) {
      env.put("PGPASSWORD", password); // the child's environment only, never its command line
    }
    env.put("PGAPPNAME", "apex-bench");
    Map<String, String> names = Map.of("sslmode", "PGSSLMODE", "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "sslrootcert", "PGSSLROOTCERT",
        "gssEncMode", "PGGSSENCMODE", "connectTimeout", "PGCONNECT_TIMEOUT", "options", "PGOPTIONS", "targetServerType",
        "PGTARGETSESSIONATTRS");
    names.forEach((jdbc, libpq) -> {
      String value = url.getProperty(jdbc);
      if (value == null) {
        return;
      }
      if (jdbc.equals("targetServerType")) {
        value = switch (value) {
          case "primary", "master" -> "read-write";
          case "secondary", "slave" -> "standby";
          case "preferSecondary", "preferSlave" -> "prefer-standby";
          case "preferPrimary" -> "any";
          default -> value;
        };
      }
      env.put(libpq, value);
    });
    if (!env.containsKey("PGSSLMODE") && "true".equals(url.getProperty("ssl"))) {
      env.put("PGSSLMODE", "verify-full"); // what pgjdbc's ssl=true means; libpq's default would be prefer
    }
    return env;
  }

  /** The database of a {@code jdbc:postgresql://host:port/db?...} URL. */
  public static String database(String url) {
    return parsed(url).getProperty("PGDBNAME", "");
  }

  /** A JDBC URL as pgjdbc reads it (hosts, ports, database, parameters decoded). */
  private static Properties parsed(String url) {
    Properties p = org.postgresql.Driver.parseURL(url, null);
    if (p == null) {
      throw BenchException.environment("dr: cannot read host, port and database from " + dev.apexbench.db.DbSpec.redact(url), null);
    }
    return p;
  }

  /** The URL with another database. */
  public static String withDatabase(String url, String database) {
    String prefix = "jdbc:postgresql://";
    String rest = url.substring(prefix.length());
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q);
    rest = q < 0 ? rest : rest.substring(0, q);
    int slash = rest.indexOf('/');
    return prefix + (slash < 0 ? rest : rest.substring(0, slash)) + "/" + database + query;
  }
}
