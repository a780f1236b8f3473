package dev.apexbench.harness.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Connection properties (with the password) for a child JVM that can take them only from a file
 * (a JMH fork). They live in {@code .apex-bench/secrets/} (mode 700, files 600), are deleted when
 * the command ends, normally or by Ctrl-C, and a file left by a process that was killed outright
 * (SIGKILL) is removed by the next command.
 */
public final class Secrets {
  private Secrets() {}

  static Path dir(Path stateDir) {
    return stateDir.resolve("secrets");
  }

  /** Writes the properties to a new file of this process; it is deleted when the JVM exits. */
  public static Path write(Path stateDir, Properties p, String what) throws IOException {
    Path dir = dir(stateDir);
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    sweep(dir);
    Path f = Files.createTempFile(dir, what + "-" + ProcessHandle.current().pid() + "-", ".properties",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    f.toFile().deleteOnExit();
    try (Writer w = Files.newBufferedWriter(f)) {
      p.store(w, "apex-bench connection (deleted when the command ends)");
    }
    return f;
  }

  /** Removes the files of processes that no longer run. */
  static void sweep(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String[] parts = f.getFileName().toString().split("-");
        if (parts.length < 3) {
          continue;
        }
        try {
          long pid = Long.parseLong(parts[1]);
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
        } catch (NumberFormatException e) {
          continue; // not one of ours
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // best effort: the next command tries again
    }
  }
}
