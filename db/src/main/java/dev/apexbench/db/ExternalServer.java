package dev.apexbench.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * An existing server given by URL. The harness works only inside the {@code apex_bench} schema
 * there: it never creates, alters or drops anything else, extensions included.
 */
public final class ExternalServer implements PgServer {
  private final DbSpec spec;

  private ExternalServer(DbSpec spec) {
    this.spec = spec;
  }

  /** Connects once so that a wrong password or an unreachable host is reported now. */
  public static ExternalServer open(DbSpec spec) {
    ExternalServer s = new ExternalServer(spec);
    try (Connection c = s.connect()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw BenchException.environment(
          "cannot use " + spec.safeUrl() + ": " + Connections.firstLine(e.getMessage()), e);
    }
    return s;
  }

  @Override
  public Provider provider() {
    return Provider.EXTERNAL;
  }

  @Override
  public String jdbcUrl() {
    return spec.urlWithoutCredentials();
  }

  /** Without credentials: they are in {@link #connectionProperties()}. */
  @Override
  public String connectUrl() {
    return spec.urlWithoutCredentials();
  }

  @Override
  public Properties connectionProperties() {
    Properties p = Connections.baseProperties();
    p.setProperty("user", spec.user());
    p.setProperty("password", spec.password());
    if (spec.sslPassword() != null) {
      p.setProperty("sslpassword", spec.sslPassword());
    }
    return p;
  }

  @Override
  public boolean ownsServer() {
    return false;
  }

  @Override
  public String describe() {
    return "external PostgreSQL at " + Connections.hostPort(spec.jdbcUrl()) + " (schema " + SCHEMA + ")";
  }

  @Override
  public void close() {}
}
