package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.reports.targets.Targets;
import dev.apexbench.reports.targets.TargetsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which targets judge the run: targets.yaml at the repository root unless --targets says otherwise. */
public final class TargetsOptions {
  @Option(names = "--targets", paramLabel = "FILE",
      description = "The targets file. Default: targets.yaml at the repository root (a copy is bundled in the jar).")
  Path file;

  /**
   * Reads and validates the targets now, so a mistake stops the command before any work (exit 2):
   * the file's own format, every query override naming a query of the catalog, and every accepted
   * entry naming a target a run can report.
   */
  Targets load(Path home) {
    Targets t = read(home);
    java.util.List<String> queries = QueryCatalog.ALL.stream().map(CatalogQuery::name).toList();
    t.unknownOverride(queries).ifPresent(m -> {
      throw BenchException.usage(m);
    });
    java.util.Set<String> groups = new java.util.LinkedHashSet<>(dev.apexbench.reports.model.Endpoint.GROUPS);
    groups.addAll(t.loadGroups().keySet());
    t.unknownAccepted(Targets.targetNames(queries, groups)).ifPresent(m -> {
      throw BenchException.usage(m);
    });
    return t;
  }

  private Targets read(Path home) {
    try {
      if (file != null) {
        if (!Files.isRegularFile(file)) {
          throw BenchException.usage("--targets: '" + file + "' is not a readable file");
        }
        return Targets.load(file);
      }
      Path root = home.resolve("targets.yaml");
      if (Files.isRegularFile(root)) {
        return Targets.load(root);
      }
      try (InputStream in = TargetsOptions.class.getResourceAsStream("/apex-bench/targets.yaml")) {
        if (in == null) {
          throw BenchException.environment("no targets.yaml at " + root + " and none bundled; pass --targets FILE", null);
        }
        return Targets.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "targets.yaml (bundled)");
      }
    } catch (TargetsException e) {
      throw BenchException.usage(e.getMessage());
    } catch (IOException e) {
      throw BenchException.environment("cannot read the targets: " + e.getMessage(), e);
    }
  }
}
