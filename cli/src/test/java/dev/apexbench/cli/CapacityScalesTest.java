package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.db.RealServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench capacity --scales on the embedded server: each data scale keeps its own server and dataset for the next run. */
@RealServer
class CapacityScalesTest {
  @Test
  void onTheEmbeddedServerEachScaleKeepsItsDatasetForTheNextRun(@TempDir Path dir) throws Exception {
    Path targets = dir.resolve("targets.yaml");
    Files.writeString(targets, "load:\n  error_rate: \"< 50 %\"\n  generator_max_pause: \"< 30 s\"\n  schedule_kept: false\n");
    String[] args = {"capacity", "--profile", "smoke", "--start-rate", "10", "--max-rate", "10", "--step-duration", "1s", "--scales",
        "0.01,0.02", "--queries", "simple.by_etag", "--usl-concurrency", "none", "--targets", targets.toString(), "--out", dir.resolve("reports").toString()};
    CliRun first = CliRun.of(args);
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliRun second = CliRun.of(args);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).as("scale 0.01 and 0.02 each found in its own server").doesNotContain("seeded ");
    assertThat(second.err().split("reusing the stored dataset", -1).length - 1).as("the rate sweep's scale and the two others")
        .isEqualTo(3);
    assertThat(Files.isDirectory(CliRun.HOME.resolve(".apex-bench").resolve("scales/0.01/pgdata"))).isTrue();
  }
}
