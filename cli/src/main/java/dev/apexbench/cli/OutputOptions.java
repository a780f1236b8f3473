package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.harness.run.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a measuring command writes its run, and whether it prints JSON instead of tables. */
public final class OutputOptions {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Where runs are written: DIR/<run-id>/ and the link DIR/latest. Default: reports/ at the repository root.")
  Path out;

  @Option(names = "--json",
      description = "Print one JSON object on stdout (run id, paths, verdict per gate, failing and accepted targets) instead of"
          + " the tables; progress lines stay on stderr.")
  boolean json;

  /** The reports root, checked now: a one-line usage error when it cannot hold runs. */
  Path reportsRoot(Workspace ws) {
    if (out == null) {
      return ws.defaultReportsRoot();
    }
    Path dir = out.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw BenchException.usage("--out: '" + out + "' is not a directory (allowed: a directory, created if missing)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw BenchException.usage("--out: cannot create '" + out + "': " + e.getMessage()
          + " (allowed: a directory this user can create and write)");
    }
    if (!Files.isWritable(dir)) {
      throw BenchException.usage("--out: '" + out + "' is not writable (allowed: a directory this user can write)");
    }
    return dir;
  }
}
