package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The Testcontainers provider, for real, where a Docker engine answers; reported as skipped where
 * none does. Offline machines: start an engine and build {@code local/postgres:15} with {@code
 * scripts/docker-offline/up.sh}, then run with {@code TESTCONTAINERS_RYUK_DISABLED=true
 * TESTCONTAINERS_HOST_OVERRIDE=localhost}. The image comes from {@code APEX_BENCH_TEST_PG_IMAGE}
 * (default {@code local/postgres:15}); it must already be present locally, since tests never pull.
 */
@RealServer
public class DockerServerTest {
  public static final String IMAGE =
      System.getenv().getOrDefault("APEX_BENCH_TEST_PG_IMAGE", "local/postgres:15");

  @Test
  void startsTheImageWithTheReportsSettingsAndDurabilityOn() throws Exception {
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers: docker provider test skipped");
    assumeTrue(imagePresent(IMAGE), "image " + IMAGE + " is not present locally: docker provider test skipped (tests never pull)");
    assumeTrue(
        "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED")) || imagePresent("testcontainers/ryuk:0.14.0"),
        "Ryuk is enabled but its image is not present: set TESTCONTAINERS_RYUK_DISABLED=true");
    try (DockerServer s = DockerServer.start(IMAGE, ServerSettings.forOwnedServer())) {
      Provisioner.ensurePgStatStatements(s, m -> {});
      ServerFacts f = ServerFacts.read(s);
      assertThat(f.provider()).isEqualTo("docker");
      assertThat(f.settings())
          .containsEntry("shared_buffers", "256MB")
          .containsEntry("max_connections", "100")
          .containsEntry("effective_cache_size", "512MB")
          .containsEntry("wal_level", "replica")
          .containsEntry("statement_timeout", "30s")
          .as("Testcontainers' default fsync=off must not survive")
          .containsEntry("fsync", "on");
      assertThat(f.hasPgStatStatements()).isTrue();
      new Schema(s, SchemaVariant.REPORT).migrateRest();
      try (Connection c = s.connect();
          Statement st = c.createStatement()) {
        st.execute("SELECT count(*) FROM projects");
      }
    }
  }

  /** Whether the image is present locally (tests never pull). */
  public static boolean imagePresent(String image) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
