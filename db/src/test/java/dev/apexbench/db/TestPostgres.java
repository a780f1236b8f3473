package dev.apexbench.db;

/**
 * One real embedded PostgreSQL per test JVM, started on first use with the report's settings and
 * stopped when the JVM exits. Tests that need a fresh schema drop {@code apex_bench} themselves.
 */
public final class TestPostgres {
  private static EmbeddedServer server;

  private TestPostgres() {}

  public static final String PASSWORD_USER = "apex_pw_test";
  public static final String PASSWORD = "right-password";

  /**
   * A role that must authenticate with a password (scram-sha-256 over TCP), for tests of
   * credential handling; the server otherwise trusts local connections.
   */
  public static synchronized void ensurePasswordUser() throws Exception {
    ensurePasswordRole(PASSWORD_USER, false);
  }

  /** As {@link #ensurePasswordUser()}, for a role of the given name, optionally a superuser. */
  public static synchronized void ensurePasswordRole(String role, boolean superuser) throws Exception {
    EmbeddedServer pg = (EmbeddedServer) server();
    try (java.sql.Connection c = pg.connect();
        java.sql.Statement st = c.createStatement()) {
      st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
          + " CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
      st.execute("GRANT CREATE ON DATABASE postgres TO " + role);
      if (superuser) {
        st.execute("ALTER ROLE " + role + " SUPERUSER");
      }
      String hba;
      try (java.sql.ResultSet rs = st.executeQuery("SHOW hba_file")) {
        rs.next();
        hba = rs.getString(1);
      }
      java.nio.file.Path file = java.nio.file.Path.of(hba);
      String content = java.nio.file.Files.readString(file);
      if (!content.contains(role)) {
        java.nio.file.Files.writeString(file, "host all " + role + " 127.0.0.1/32 scram-sha-256\n"
            + "host all " + role + " ::1/128 scram-sha-256\n" + content);
      }
      st.execute("SELECT pg_reload_conf()");
    }
  }

  public static synchronized PgServer server() {
    if (server == null) {
      server = EmbeddedServer.startTemporary(ServerSettings.forOwnedServer());
      Provisioner.ensurePgStatStatements(server, msg -> {});
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }
}
