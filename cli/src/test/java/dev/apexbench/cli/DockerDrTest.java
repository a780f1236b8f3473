package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.RealServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * `bench dr --db docker`: the physical drill in containers the harness starts (their data
 * directories on this machine, bind-mounted at the same path), and the logical backup with the
 * image's own pg_dump. Runs where a Docker engine answers and the image is present (tests never
 * pull): start one with scripts/docker-offline/up.sh and run with TESTCONTAINERS_RYUK_DISABLED=true
 * TESTCONTAINERS_HOST_OVERRIDE=localhost; reported as skipped elsewhere.
 */
@RealServer
class DockerDrTest {
  private static final String IMAGE = dev.apexbench.db.DockerServerTest.IMAGE;

  @Test
  void theDrillRunsInContainersWithPitrIntegrityAndTheLogicalBackup() throws Exception {
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers: docker drill test skipped");
    assumeTrue(dev.apexbench.db.DockerServerTest.imagePresent(IMAGE), "image " + IMAGE + " is not present locally: docker drill test skipped (tests never pull)");
    assumeTrue("true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED")), "set TESTCONTAINERS_RYUK_DISABLED=true");
    assumeTrue("root".equals(System.getProperty("user.name")), "the drill hands its directories to the container's uid 999, which needs root");

    CliRun r = CliRun.of("dr", "--db", "docker", "--image", IMAGE, "--scale", "0.1", "--profile", "smoke");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Path run = CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
    JsonNode dr = new ObjectMapper().readTree(run.resolve("results.json").toFile()).get("dr");
    assertThat(dr.get("pitr").get("verified").asBoolean()).isTrue();
    assertThat(dr.get("pitr").get("present_after").asLong()).isZero();
    assertThat(dr.get("pitr").get("present_before").asLong()).isEqualTo(dr.get("pitr").get("writes_before").asLong()).isPositive();
    assertThat(dr.get("rpo_seconds").isNumber()).isTrue();
    assertThat(dr.get("backup_bytes").asLong()).isPositive();
    for (JsonNode c : dr.get("checks")) {
      assertThat(c.get("pass").asBoolean()).as(c.toString()).isTrue();
    }
    // the image's own pg_dump (scripts/docker-offline builds it in, as the official image has it)
    assertThat(dr.get("logical_backup").get("status").asText()).as(dr.get("logical").asText()).isEqualTo("done");
    assertThat(dr.get("logical_backup").get("dump_bytes").asLong()).isPositive();
    assertThat(CliRun.HOME.resolve(".apex-bench").resolve("dr")).as("the drill's servers and archive are removed").doesNotExist();
    assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true).exec().stream()
        .filter(c -> c.getImage().equals(IMAGE)).toList()).as("no container of the drill left running").isEmpty();
  }
}
