package dev.apexbench.reports.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's published JSON Schemas (schemas/, draft 2020-12), read by a maintained validator. */
public final class PublishedSchemas {

  public static final String RESULTS = "results.v2.schema.json";
  public static final String TARGETS = "targets.v1.schema.json";

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012());

  private PublishedSchemas() {}

  /** {@code schemas/} at the repository root, found from a module's working directory. */
  public static Path dir() {
    Path p = Path.of("").toAbsolutePath();
    for (; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("schemas")) && Files.exists(p.resolve("targets.yaml"))) {
        return p.resolve("schemas");
      }
    }
    throw new IllegalStateException("no schemas/ above " + Path.of("").toAbsolutePath());
  }

  public static Schema schema(String name) {
    try {
      return REGISTRY.getSchema(Files.readString(dir().resolve(name), StandardCharsets.UTF_8), InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about {@code file} ("/queries/0/p95_ms: ..."), empty when it is valid. */
  public static List<String> errors(String schemaName, Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      InputFormat format = file.toString().endsWith(".yaml") || file.toString().endsWith(".yml") ? InputFormat.YAML : InputFormat.JSON;
      return errorsOf(schemaName, text, format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> errorsOf(String schemaName, String text, InputFormat format) {
    List<Error> errors = schema(schemaName).validate(text, format);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }
}
