package dev.apexbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apexbench.reports.model.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsIOTest {

  @TempDir Path dir;

  @Test
  void writesAndReadsBackTheSameResults() {
    Results sample = Fixtures.sampleResults();
    Path file = ResultsIO.write(dir.resolve("run"), sample);
    assertThat(file).hasFileName("results.json");
    assertThat(ResultsIO.read(file)).as("a round trip keeps every field (in the current schema version)").isEqualTo(sample.current());
  }

  @Test
  void readsARunDirectory() {
    ResultsIO.write(dir, Fixtures.sampleResults());
    assertThat(ResultsIO.read(dir).run().id()).isEqualTo("20261127T141530Z-quick");
  }

  @Test
  void writesSnakeCaseKeysWithUnits() throws Exception {
    String json = Files.readString(ResultsIO.write(dir, Fixtures.sampleResults()));
    assertThat(json).contains("\"schema_version\"", "\"p95_ms\"", "\"histogram_ns\"", "\"class\" : \"simple\"",
        "\"harness_baseline\"", "\"index_hit_rate\"");
    assertThat(json).doesNotContain("\"p95Ms\"", "\"queryClass\"");
  }

  @Test
  void ignoresUnknownKeysFromNewerWriters() throws Exception {
    Path file = dir.resolve("results.json");
    Files.writeString(file, """
        {"schema_version": 2, "from_the_future": {"x": 1},
         "run": {"id": "r1", "profile": "smoke", "new_run_key": true, "machine": {"cores": 2, "gpu": "none"}},
         "queries": [{"name": "simple.a", "class": "simple", "p95_ms": 1.5, "new_stat_ms": 3}],
         "verdict": "pass"}
        """);
    Results r = ResultsIO.read(file);
    assertThat(r.run().id()).isEqualTo("r1");
    assertThat(r.run().machine().cores()).isEqualTo(2);
    assertThat(r.queries().get(0).queryClass()).isEqualTo("simple");
    assertThat(r.queries().get(0).p95Ms()).isEqualTo(1.5);
  }

  @Test
  void anEmptyObjectIsNotAResultsFile() throws Exception {
    Path file = dir.resolve("results.json");
    Files.writeString(file, "{}");
    assertThatThrownBy(() -> ResultsIO.read(file)).isInstanceOf(ReportsException.class)
        .hasMessage(file + ": not a results file of apex-bench: it lacks schema_version, run (with its id),"
            + " any measured section (queries, load, database, capacity, experiment or dr)");
  }

  @Test
  void missingFileIsOneLineNamingIt() {
    Path missing = dir.resolve("nope/results.json");
    assertThatThrownBy(() -> ResultsIO.read(missing)).isInstanceOf(ReportsException.class)
        .hasMessage(missing + ": results file not found");
  }

  @Test
  void directoryWithoutResultsIsOneLine() {
    assertThatThrownBy(() -> ResultsIO.read(dir)).isInstanceOf(ReportsException.class)
        .hasMessage(dir + ": no results.json in this run directory");
  }

  @Test
  void invalidJsonNamesFileAndLine() throws Exception {
    Path file = dir.resolve("results.json");
    Files.writeString(file, "{\n  \"run\": {\"id\": \"x\",,}\n}\n");
    assertThatThrownBy(() -> ResultsIO.read(file)).isInstanceOf(ReportsException.class)
        .hasMessageStartingWith(file + ":2:")
        .hasMessageContaining("not valid results JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void wrongShapeIsOneLine() throws Exception {
    Path file = dir.resolve("results.json");
    Files.writeString(file, "{\"queries\": {\"not\": \"a list\"}}");
    assertThatThrownBy(() -> ResultsIO.read(file)).isInstanceOf(ReportsException.class)
        .hasMessageStartingWith(file.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
