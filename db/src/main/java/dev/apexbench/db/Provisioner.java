package dev.apexbench.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/** Turns a {@link DbSpec} into a running, reachable server configured as the report says. */
public final class Provisioner {
  private Provisioner() {}

  /**
   * Starts or connects to the server. {@code home} holds the embedded server's data; {@code say}
   * receives one-line notices for people.
   */
  public static PgServer open(DbSpec spec, Path home, Consumer<String> say) {
    PgServer server =
        switch (spec.provider()) {
          case EMBEDDED -> EmbeddedServer.start(home, ServerSettings.forOwnedServer(), say);
          case DOCKER -> DockerServer.start(spec.image(), ServerSettings.forOwnedServer());
          case EXTERNAL -> ExternalServer.open(spec);
        };
    try {
      ensurePgStatStatements(server, say);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Creates {@code pg_stat_statements} on servers the harness owns. On an external server the
   * harness touches nothing outside its schema, so it only uses the extension where it is
   * already installed and says how to install it otherwise.
   */
  static void ensurePgStatStatements(PgServer server, Consumer<String> say) {
    try (Connection c = server.connect()) {
      if (ServerFacts.pgStatStatementsSchema(c).isPresent()) {
        return;
      }
      if (!server.ownsServer()) {
        say.accept(
            "warning: pg_stat_statements is not installed in this database; top statements will be"
                + " missing from the results (a superuser can run CREATE EXTENSION pg_stat_statements)");
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA public");
      } catch (SQLException e) {
        say.accept(
            "warning: pg_stat_statements could not be created ("
                + Connections.firstLine(e.getMessage())
                + "); top statements will be missing from the results");
      }
    } catch (SQLException e) {
      throw BenchException.environment(
          "cannot use " + server.describe() + ": " + Connections.firstLine(e.getMessage()), e);
    }
  }
}
