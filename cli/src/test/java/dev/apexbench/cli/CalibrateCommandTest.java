package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import dev.apexbench.reports.schema.PublishedSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench calibrate end to end on a real server (queries only, two plans' worth, no power or ceiling,
 * to stay short): the runs are stored and a second calibrate adds to them; calibration.json
 * conforms to its schema; bench compare uses its minimum effects and says so; a calibration of
 * another profile is refused in one line.
 */
@RealServer
class CalibrateCommandTest {
  @TempDir Path out;

  String[] calibrate(String runs) {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    return new String[] {"calibrate", "--profile", "smoke", "--runs", runs, "--reference-runs", "0", "--no-ceiling", "--skip-load",
        "--queries", "simple.project_by_id,composite.project_timeline", "--scale", "0.1", "--db", url, "--reset", "--out", out.toString()};
  }

  static Path newest(Path dir, String suffix) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  /**
   * Stored runs join a later calibration only as one build: the commit of a clean checkout. The CLI
   * tests' home is a temporary directory, not a checkout, so it becomes one here (one empty commit;
   * nothing tracked, so never dirty); without git on the machine the joining part is skipped.
   */
  static boolean homeIsACheckout() throws Exception {
    if (Files.isDirectory(CliRun.HOME.resolve(".git"))) {
      return true;
    }
    try {
      for (String[] cmd : new String[][] {{"git", "init", "-q"}, {"git", "-c", "user.email=test@apex-bench.dev", "-c", "user.name=test",
          "commit", "-q", "--allow-empty", "-m", "a build for CalibrateCommandTest"}}) {
        Process p = new ProcessBuilder(cmd).directory(CliRun.HOME.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
          return false;
        }
      }
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void storedRunsAddUpTheCalibrationConformsAndCompareUsesItsMinimumEffects() throws Exception {
    boolean checkout = homeIsACheckout();
    CliRun first = CliRun.of(calibrate("2"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("on this runner the smoke profile, with the recommended minimum effects, detects").contains("2 runs");
    Path cal = newest(out, "-calibrate-smoke").resolve("calibration.json");
    assertThat(PublishedSchemas.errors("calibration.v1.schema.json", cal)).isEmpty();
    assertThat(cal.resolveSibling("index.html")).exists();
    assertThat(cal.resolveSibling("summary.md")).exists();

    List<Path> runs;
    try (Stream<Path> s = Files.list(out.resolve("calibration-runs"))) {
      runs = s.filter(p -> Files.isRegularFile(p.resolve("results.json")) && !Files.isSymbolicLink(p)).sorted().toList();
    }
    assertThat(runs).hasSize(2);
    Path calFile = cal;
    CliRun compared = CliRun.of("compare", runs.get(0).toString(), runs.get(1).toString(), "--calibration", calFile.toString(), "--out",
        out.resolve("cmp").toString());
    assertThat(compared.exitCode()).as(compared.err()).isIn(0, 1);
    assertThat(compared.out()).contains("(cal)").contains("per metric from the calibration");
    JsonNode cmp = new ObjectMapper().readTree(out.resolve("cmp/results.json").toFile());
    assertThat(cmp.get("comparison").get("metrics").findValuesAsText("min_effect_from")).contains(calFile.toString());

    // the same calibration claiming another profile: refused in one line, exit 2
    ObjectNode other = (ObjectNode) new ObjectMapper().readTree(calFile.toFile());
    ((ObjectNode) other.get("run")).put("profile", "quick");
    Path otherFile = out.resolve("other-calibration.json");
    new ObjectMapper().writeValue(otherFile.toFile(), other);
    CliRun refused = CliRun.of("compare", runs.get(0).toString(), runs.get(1).toString(), "--calibration", otherFile.toString(), "--out",
        out.resolve("cmp2").toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.errorLines().strip()).doesNotContain("\n").contains("--calibration").contains("profile (quick vs smoke)");
    // stored runs join a later calibration only as one build (see homeIsACheckout)
    JsonNode runInfo = new ObjectMapper().readTree(cal.toFile()).path("run");
    org.junit.jupiter.api.Assumptions.assumeTrue(checkout && runInfo.hasNonNull("git_commit") && !runInfo.path("git_dirty").asBoolean(false),
        "the runs' home is a clean git checkout");
    CliRun again = CliRun.of(calibrate("1"));
    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode c = new ObjectMapper().readTree(newest(out, "-calibrate-smoke").resolve("calibration.json").toFile());
    assertThat(c.get("runs").asInt()).as("the two stored runs and the new one").isEqualTo(3);
    assertThat(c.get("pairs").asInt()).isEqualTo(3);
    assertThat(c.get("metrics").findValuesAsText("metric")).contains("p50_ms", "p95_ms", "plan_signature", "blocks_per_call");
  }
}
