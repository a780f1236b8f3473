package dev.apexbench.db;

/**
 * One real embedded PostgreSQL per test JVM, started on first use with the report's settings and
 * stopped when the JVM exits. Tests that need a fresh schema drop {@code apex_bench} themselves.
 */
public final class TestPostgres {
  private static EmbeddedServer server;

  private TestPostgres() {}

  public static synchronized PgServer server() {
    if (server == null) {
      server = EmbeddedServer.startTemporary(ServerSettings.forOwnedServer());
      Provisioner.ensurePgStatStatements(server, msg -> {});
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }
}
