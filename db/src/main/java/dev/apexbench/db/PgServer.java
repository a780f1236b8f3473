package dev.apexbench.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A running PostgreSQL server the harness talks to. Every harness connection uses the {@code
 * apex_bench} schema as its search path and identifies itself as {@code apex-bench}.
 */
public interface PgServer extends AutoCloseable {
  /** The only schema the harness creates, uses and (with {@code --reset}) drops. */
  String SCHEMA = "apex_bench";

  Provider provider();

  /** The JDBC URL without credentials (a password in an external URL is masked). */
  String jdbcUrl();

  /** Properties for {@code DriverManager.getConnection(jdbcUrl, props)}, credentials included. */
  Properties connectionProperties();

  /** True when the harness started this server and may configure it (embedded, docker). */
  boolean ownsServer();

  /** One line for people: provider, address and where the data lives. */
  String describe();

  /** The URL to connect with, credentials excluded (a URL given by the user keeps its own). */
  String connectUrl();

  default Connection connect() throws SQLException {
    return Connections.open(this);
  }

  @Override
  void close();
}
