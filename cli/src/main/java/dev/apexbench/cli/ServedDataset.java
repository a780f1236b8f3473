package dev.apexbench.cli;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.BenchException;
import dev.apexbench.harness.load.TargetApi;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** The dataset a deployment given by --target-url serves, for the commands that load it over HTTP only. */
final class ServedDataset {
  private ServedDataset() {}

  /** Whether the user named this option on the command line (not its default). */
  static boolean explicit(CommandSpec spec, String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * --scale/--seed when given, else what the target's {@code GET /dataset} says; both given and
   * different is an error (the requests would miss the rows).
   */
  static DatasetSpec of(CommandSpec spec, DatasetOptions data, String base) {
    Optional<DatasetSpec> served = TargetApi.datasetOf(base);
    boolean given = explicit(spec, "--scale") || explicit(spec, "--seed");
    if (given) {
      DatasetSpec mine = data.spec();
      served.filter(d -> d.scale().compareTo(mine.scale()) != 0 || d.seed() != mine.seed()).ifPresent(d -> {
        throw BenchException.usage("--scale/--seed: " + base + " serves the dataset of scale " + d.scaleText() + ", seed " + d.seed()
            + ", not scale " + mine.scaleText() + ", seed " + mine.seed() + " (allowed: leave them out, or give the served ones)");
      });
      return mine;
    }
    return served.orElseThrow(() -> BenchException.usage("--target-url: " + base + "/dataset does not say which dataset it serves;"
        + " pass --scale and --seed (the ones it was seeded with), or --db with its database"));
  }
}
