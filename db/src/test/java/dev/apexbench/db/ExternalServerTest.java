package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The external-URL provider against a real server with password authentication. */
@RealServer
class ExternalServerTest {
  static EmbeddedServer pg;

  @BeforeAll
  static void passwordUser() throws Exception {
    pg = (EmbeddedServer) TestPostgres.server();
    TestPostgres.ensurePasswordUser();
  }

  @Test
  void credentialsNeverTravelInTheUrlTheHarnessHandsOn() {
    DbSpec spec = DbSpec.parse(url("?user=apex_pw_test&password=right-password&sslmode=disable"), null, Map.of());
    try (ExternalServer s = ExternalServer.open(spec)) {
      assertThat(s.connectUrl()).doesNotContain("right-password").doesNotContain("user=").contains("sslmode=disable");
      assertThat(s.jdbcUrl()).doesNotContain("right-password");
      assertThat(s.connectionProperties().getProperty("password")).isEqualTo("right-password");
    }
  }

  private static String url(String query) {
    return "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres" + query;
  }

  @Test
  void rightPasswordConnectsAndFactsAreRead() {
    DbSpec spec = DbSpec.parse(url("?user=apex_pw_test&password=right-password"), null, Map.of());
    try (ExternalServer s = ExternalServer.open(spec)) {
      ServerFacts f = ServerFacts.read(s);
      assertThat(f.provider()).isEqualTo("external");
      assertThat(f.url()).doesNotContain("right-password");
      assertThat(f.settings()).containsEntry("shared_buffers", "256MB").containsEntry("max_connections", "100");
      assertThat(s.ownsServer()).isFalse();
    }
  }

  @Test
  void wrongPasswordIsOneClearLineWithExitCode2() {
    DbSpec spec = DbSpec.parse(url("?user=apex_pw_test&password=wrong"), null, Map.of());
    assertThatThrownBy(() -> ExternalServer.open(spec))
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("authentication failed for user 'apex_pw_test'")
        .hasMessageContaining("127.0.0.1:" + pg.port())
        .hasMessageNotContaining("\n");
  }

  @Test
  void pgPasswordFromTheEnvironmentIsUsed() {
    DbSpec spec = DbSpec.parse(url(""), null, Map.of("PGUSER", "apex_pw_test", "PGPASSWORD", "right-password"));
    try (ExternalServer s = ExternalServer.open(spec)) {
      assertThat(ServerFacts.read(s).serverVersion()).isNotBlank();
    }
  }

  @Test
  void unreachableServerIsOneClearLine() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    DbSpec spec = DbSpec.parse("jdbc:postgresql://127.0.0.1:" + closedPort + "/apex", null, Map.of());
    assertThatThrownBy(() -> ExternalServer.open(spec))
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageStartingWith("cannot reach PostgreSQL at 127.0.0.1:" + closedPort);
  }

  @Test
  void connectionsGiveUpWithinTenSeconds() {
    assertThat(Integer.parseInt(Connections.baseProperties().getProperty("connectTimeout"))).isLessThanOrEqualTo(10);
    assertThat(Integer.parseInt(Connections.baseProperties().getProperty("loginTimeout"))).isLessThanOrEqualTo(10);
  }

  @Test
  void harnessConnectionsUseOnlyTheHarnessSchema() throws SQLException {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW search_path")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("apex_bench");
    }
  }
}
