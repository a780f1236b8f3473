package dev.apexbench.reports.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.ResultsIO;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published contracts: schemas/ describe what the harness writes and reads, and refuse what it would not. */
class SchemaTest {

  @Test
  void theShippedTargetsFileConforms() {
    Path targets = PublishedSchemas.dir().getParent().resolve("targets.yaml");
    assertThat(PublishedSchemas.errors(PublishedSchemas.TARGETS, targets)).isEmpty();
  }

  @Test
  void theTargetsSchemaRefusesWhatTheParserRefuses() {
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.TARGETS, "version: 1\nquerys: {}\n", InputFormat.YAML)).isNotEmpty();
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.TARGETS, "queries:\n  classes:\n    simple: \"10 ms\"\n", InputFormat.YAML))
        .as("a limit without a comparison").isNotEmpty();
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.TARGETS,
        "accepted:\n  - target: jsonb.path_range p95_ms\n    reason: r\n", InputFormat.YAML)).as("an entry without until").isNotEmpty();
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.TARGETS,
        "queries:\n  classes:\n    simple: \"p99 < 10 ms\"\n  overrides:\n    jsonb.key_exists: none\n"
            + "accepted:\n  - target: jsonb.path_range p95_ms\n    reason: r\n    until: \"2027-03-31\"\n", InputFormat.YAML))
        .isEmpty();
  }

  @Test
  void aFileThisVersionWritesConformsEvenFromAnOlderOne(@TempDir Path dir) throws Exception {
    Path written = ResultsIO.write(dir, Fixtures.sampleResults());
    assertThat(Files.readString(written)).contains("\"schema_version\" : 2");
    assertThat(PublishedSchemas.errors(PublishedSchemas.RESULTS, written)).isEmpty();
  }

  @Test
  void theResultsSchemaRefusesAMissingVerdictAndUnknownKeys(@TempDir Path dir) throws Exception {
    String valid = Files.readString(ResultsIO.write(dir, Fixtures.sampleResults()));
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.RESULTS, valid.replaceFirst("\"verdict\" : [^,]*,", ""), InputFormat.JSON))
        .anyMatch(e -> e.contains("verdict"));
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.RESULTS, valid.replaceFirst("\\{", "{\"surprise\": 1,"), InputFormat.JSON))
        .anyMatch(e -> e.contains("surprise"));
    assertThat(PublishedSchemas.errorsOf(PublishedSchemas.RESULTS, valid.replaceFirst("\"schema_version\" : 2", "\"schema_version\" : 3"),
        InputFormat.JSON)).isNotEmpty();
  }
}
