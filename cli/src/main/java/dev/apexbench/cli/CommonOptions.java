package dev.apexbench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand has. */
public final class CommonOptions {
  @Option(names = "--verbose", description = "Show library logs and stack traces.")
  boolean verbose;

  /**
   * Where {@code .apex-bench/} (the embedded server) and {@code reports/} live: the repository
   * root when started through {@code ./bench}, else the working directory.
   */
  static Path home() {
    return Path.of(System.getProperty("apex.home", System.getProperty("user.dir"))).toAbsolutePath().normalize();
  }

  static Path stateDir() {
    return home().resolve(".apex-bench");
  }
}
