package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: one clear line naming the setting, the value and what is allowed; exit 2. */
class BadInputTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "seed --scale abc               | --scale | 'abc' is not a number",
        "seed --scale -1                | --scale | '-1' is not positive",
        "seed --scale 0                 | --scale | '0' is not positive",
        "seed --scale 0.00001           | --scale | out of range",
        "seed --seed x1                 | --seed  | 'x1' is not an integer",
        "seed --db mysql                | --db    | 'mysql' is not allowed (allowed: embedded, docker, a jdbc:postgresql://",
        "seed --schema-variant gin      | --schema-variant | 'gin' is not allowed (allowed: report, report+gin, report+jsonb, report-indexes)",
        "seed --bogus                   | --bogus | Unknown option",
        "jmh --profile fast             | --profile | 'fast' is not allowed (allowed: smoke, quick, full)",
        "jmh --threads 0                | --threads | '0' is not allowed (allowed: 1 to 64)",
        "jmh --threads many             | --threads | 'many' is not a whole number",
        "nosuchcommand                  | nosuchcommand | Unmatched argument",
        "run --min-effect -5            | --min-effect | '-5' is not allowed (allowed: 0 to 1000 percent)",
        "run --min-effect-ms -1         | --min-effect-ms | '-1' is not allowed (allowed: 0 to 60000 ms)",
        "run --pool-size 91             | --pool-size | '91' is not allowed (allowed: 1 to 90 connections",
        "load --pool-size 0             | --pool-size | '0' is not allowed (allowed: 1 to 90 connections",
        "jmh --queries simple.*,nosuch.* | --queries | 'nosuch.*' in 'simple.*,nosuch.*' matches no catalog query",
        "seed --db jdbc:postgresql://   | --db | has no host (allowed: jdbc:postgresql://host:port/database)",
        "seed --db jdbc:postgresql://127.0.0.1:notaport/db | --db | port 'notaport' in",
        "run --gate sometimes           | --gate | 'sometimes' is not a gate (allowed: targets, regression, both)",
        "run --gate regression --db jdbc:postgresql://127.0.0.1:1/none | --gate | 'regression' needs --baseline",
        "calibrate --runs 101 --db jdbc:postgresql://127.0.0.1:1/none | --runs | '101' is not allowed (allowed: 0 to 100)",
        "calibrate --false-alarm 60 --db jdbc:postgresql://127.0.0.1:1/none | --false-alarm | is not allowed (allowed: more than 0 and less than 50 percent)",
        "compare a b --work-tolerance -1 | --work-tolerance | '-1' is not allowed (allowed: 0 to 1000 percent)",
        "run --calibration /nonexistent/calibration.json --db jdbc:postgresql://127.0.0.1:1/none | --calibration | calibration file not found"
      })
  void isOneLineWithExitCode2(String args, String setting, String message) throws Exception {
    long runsBefore = runs();
    CliRun r = CliRun.of(args.trim().split("\\s+"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains(setting).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
    assertThat(runs()).as("rejected before any run directory was made").isEqualTo(runsBefore);
  }

  @Test
  void aResultsFileThatIsAnEmptyObjectIsRefusedByReportAndCompareEvenWithForce() throws Exception {
    Path dir = Files.createTempDirectory("empty-run");
    Files.writeString(dir.resolve("results.json"), "{}");
    for (String[] args : new String[][] {{"report", dir.toString()}, {"compare", dir.toString(), dir.toString(), "--force"}}) {
      CliRun r = CliRun.of(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.errorLines().lines()).hasSize(1);
      assertThat(r.errorLines()).contains("not a results file of apex-bench: it lacks schema_version");
    }
  }

  @Test
  void aBaselineOfAnotherProfileOrScaleIsRefusedBeforeMeasuring() throws Exception {
    Path dir = Files.createTempDirectory("baseline");
    Files.writeString(dir.resolve("results.json"), """
        {"schema_version": 2, "run": {"id": "b1", "profile": "full", "scale": 10, "seed": 42, "schema_variant": "report"},
         "queries": [], "verdict": "pass"}
        """);
    long runsBefore = runs();
    CliRun r = CliRun.of("run", "--baseline", dir.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains("--baseline").contains("scale (10 vs 1)").contains("profile (full vs quick)");
    assertThat(runs()).as("nothing was measured").isEqualTo(runsBefore);
  }

  @Test
  void jmhArgsTakeOnlyProfilersAndJvmOptions() throws Exception {
    long runsBefore = runs();
    for (String[] c : new String[][] {
        {"-f 3", "'-f' is not passed to JMH (allowed: -prof, -jvm, -jvmArgs"},
        {"-prof gc -i 20", "'-i' is not passed to JMH"},
        {"-prof", "'-prof' needs a value"},
        {"gc", "'gc' is not an option"},
        {"-jvmArgs '-Xmx1g", "a quote is not closed"}}) {
      CliRun r = CliRun.of("jmh", "--jmh-args", c[0], "--db", "jdbc:postgresql://127.0.0.1:1/none");
      assertThat(r.exitCode()).as(c[0]).isEqualTo(2);
      assertThat(r.errorLines().lines()).as(c[0]).hasSize(1);
      assertThat(r.errorLines()).as(c[0]).contains("--jmh-args: ").contains(c[1]);
    }
    assertThat(runs()).as("nothing was measured").isEqualTo(runsBefore);
  }

  @Test
  void anAcceptedEntryNamingNoTargetStopsTheRunWithItsLine() throws Exception {
    Path file = Files.createTempDirectory("targets").resolve("targets.yaml");
    Files.writeString(file, """
        version: 1
        accepted:
          - target: jsonb.path_rnage p95_ms
            reason: a typo in the name
            until: 2027-03-31
        """);
    long runsBefore = runs();
    CliRun r = CliRun.of("run", "--targets", file.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains(file + ":3: accepted names \"jsonb.path_rnage p95_ms\", which is no target");
    assertThat(runs()).as("nothing was measured").isEqualTo(runsBefore);
  }

  static long runs() throws java.io.IOException {
    Path reports = CliRun.HOME.resolve("reports");
    if (!Files.isDirectory(reports)) {
      return 0;
    }
    try (var s = Files.list(reports)) {
      return s.count();
    }
  }
}
