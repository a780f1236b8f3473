package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        "seed --db mysql                | --db    | 'mysql' is not allowed (allowed: embedded, docker, or a jdbc:postgresql://",
        "seed --schema-variant gin      | --schema-variant | 'gin' is not allowed (allowed: report, report+gin, report-indexes)",
        "seed --bogus                   | --bogus | Unknown option",
        "jmh --profile fast             | --profile | 'fast' is not allowed (allowed: smoke, quick, full)",
        "jmh --threads 0                | --threads | '0' is not allowed (allowed: 1 to 64)",
        "jmh --threads many             | --threads | 'many' is not a whole number",
        "nosuchcommand                  | nosuchcommand | Unmatched argument"
      })
  void isOneLineWithExitCode2(String args, String setting, String message) {
    CliRun r = CliRun.of(args.trim().split("\\s+"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains(setting).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }
}
