package dev.apexbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A run's directory of fixed-name artifacts, {@code reports/<run-id>/}, with {@code
 * reports/latest} pointing at the newest one. Run ids sort by time: {@code
 * 20261127T141530Z-jmh-quick}.
 */
final class RunDirectory {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  final String id;
  final Path dir;
  final Instant started;

  private RunDirectory(String id, Path dir, Instant started) {
    this.id = id;
    this.dir = dir;
    this.started = started;
  }

  static RunDirectory create(Path reportsRoot, String command, String profile) {
    Instant now = Instant.now();
    String base = ID_TIME.format(now) + "-" + command + (profile == null ? "" : "-" + profile);
    try {
      Files.createDirectories(reportsRoot);
      String id = base;
      for (int n = 2; Files.exists(reportsRoot.resolve(id)); n++) {
        id = base + "-" + n;
      }
      Path dir = Files.createDirectory(reportsRoot.resolve(id));
      Path latest = reportsRoot.resolve("latest");
      if (Files.isSymbolicLink(latest) || !Files.exists(latest)) {
        Files.deleteIfExists(latest);
        Files.createSymbolicLink(latest, Path.of(id));
      }
      return new RunDirectory(id, dir, now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run directory under " + reportsRoot, e);
    }
  }

  static Path reportsRoot() {
    return CommonOptions.home().resolve("reports");
  }
}
