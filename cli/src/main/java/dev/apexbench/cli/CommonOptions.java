package dev.apexbench.cli;

import dev.apexbench.harness.run.Workspace;
import picocli.CommandLine.Option;

/** Options every subcommand has, and the workspace {@link Bench} hands the command it runs. */
public final class CommonOptions {
  @Option(names = "--verbose", description = "Show library logs and stack traces.")
  boolean verbose;

  /** Set by {@link Bench} before the command runs: the process's state, one object. */
  Workspace workspace;

  Workspace workspace() {
    if (workspace == null) {
      throw new IllegalStateException("the command ran without a workspace (run it through Bench.commandLine())");
    }
    return workspace;
  }
}
