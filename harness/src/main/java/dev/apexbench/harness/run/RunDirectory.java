package dev.apexbench.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A run's directory of fixed-name artifacts, {@code reports/<run-id>/}, with {@code
 * reports/latest} pointing at the newest one whose results.json has been written ({@link
 * #markLatest}), never at a run still in progress. Run ids sort by time: {@code
 * 20261127T141530Z-jmh-quick}.
 */
public final class RunDirectory {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public final String id;
  public final Path dir;
  public final Instant started;

  private RunDirectory(String id, Path dir, Instant started) {
    this.id = id;
    this.dir = dir;
    this.started = started;
  }

  public static RunDirectory create(Path reportsRoot, String command, String profile) {
    Instant now = Instant.now();
    String base = ID_TIME.format(now) + "-" + command + (profile == null ? "" : "-" + profile);
    try {
      Files.createDirectories(reportsRoot);
      // several commands (load injectors on one shared volume) may start in the same second: the directory that is
      // created first keeps the id, the others take the next suffix
      for (int n = 1; ; n++) {
        String id = n == 1 ? base : base + "-" + n;
        try {
          return new RunDirectory(id, Files.createDirectory(reportsRoot.resolve(id)), now);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          if (n >= 1000) {
            throw e;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run directory under " + reportsRoot, e);
    }
  }

  /** A directory for a comparison's output: {@code <reports>/<current-id>-compare[-n]}, or {@code out} as given. */
  public static Path comparisonDir(Path reportsRoot, String currentId, Path out) {
    try {
      if (out != null) {
        Files.createDirectories(out);
        return out;
      }
      Files.createDirectories(reportsRoot);
      String base = (currentId == null ? ID_TIME.format(Instant.now()) : currentId) + "-compare";
      String id = base;
      for (int n = 2; Files.exists(reportsRoot.resolve(id)); n++) {
        id = base + "-" + n;
      }
      return Files.createDirectory(reportsRoot.resolve(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the comparison directory under " + (out != null ? out : reportsRoot), e);
    }
  }

  /**
   * Points {@code reports/latest} at this run; called once its results.json exists. A {@code
   * latest} that is not a symbolic link (the user's own file) is left alone.
   */
  public void markLatest() {
    Path latest = dir.getParent().resolve("latest");
    try {
      if (Files.isSymbolicLink(latest) || !Files.exists(latest)) {
        // unique per writer: containers all have pid 1, and injectors on a shared volume finish together
        Path tmp = dir.getParent().resolve(".latest." + ProcessHandle.current().pid() + "." + java.util.UUID.randomUUID());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(id));
        Files.move(tmp, latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot point " + latest + " at " + id, e);
    }
  }
}
