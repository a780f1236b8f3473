package dev.apexbench.reports;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import dev.apexbench.reports.model.Results;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Reads and writes {@code results.json}. Reading is forward compatible (unknown keys are ignored),
 * and every failure is a {@link ReportsException} with one line naming the file.
 */
public final class ResultsIO {

  /** The fixed file name inside a run directory. */
  public static final String FILE_NAME = "results.json";

  private ResultsIO() {}

  /**
   * Reads a results file.
   *
   * @param path a {@code results.json} file, or a run directory that contains one
   * @throws ReportsException the file is missing, unreadable or not valid results JSON
   */
  public static Results read(Path path) {
    Path file = resolve(path);
    try {
      Results r = Json.MAPPER.readValue(file.toFile(), Results.class);
      if (r == null) {
        throw new ReportsException(file + ": not a results file (the JSON is null)");
      }
      List<String> missing = new java.util.ArrayList<>();
      if (r.schemaVersion() <= 0) {
        missing.add("schema_version");
      }
      if (r.run() == null || r.run().id() == null) {
        missing.add("run (with its id)");
      }
      if (r.queries() == null && r.load() == null && r.database() == null && r.capacity() == null && r.experiment() == null
          && r.dr() == null) {
        missing.add("any measured section (queries, load, database, capacity, experiment or dr)");
      }
      if (!missing.isEmpty()) {
        throw new ReportsException(file + ": not a results file of apex-bench: it lacks " + String.join(", ", missing));
      }
      return r;
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new ReportsException(file + where + ": not valid results JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ReportsException(file + ": cannot read: " + describe(e), e);
    }
  }

  /** The results file a path names: the path itself, or {@code results.json} inside a directory. */
  public static Path resolve(Path path) {
    if (Files.isDirectory(path)) {
      Path file = path.resolve(FILE_NAME);
      if (!Files.isRegularFile(file)) {
        throw new ReportsException(path + ": no " + FILE_NAME + " in this run directory");
      }
      return file;
    }
    if (!Files.exists(path)) {
      throw new ReportsException(path + ": results file not found");
    }
    if (!Files.isReadable(path)) {
      throw new ReportsException(path + ": results file is not readable");
    }
    return path;
  }

  /**
   * Writes {@code runDir/results.json} (indented), creating the directory if needed. The file is
   * written next to its final name and then moved, so a reader never sees half a file.
   *
   * @return the file written
   */
  private static final java.util.List<java.util.function.Consumer<Path>> OBSERVERS = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Calls {@code observer} with every results.json written from now on, until the returned handle
   * is closed. The test suite uses it to check each file against the published schema.
   */
  public static AutoCloseable observeWrites(java.util.function.Consumer<Path> observer) {
    OBSERVERS.add(observer);
    return () -> OBSERVERS.remove(observer);
  }

  /**
   * Writes {@code bytes} to {@code file} through a temporary sibling moved into place, so a reader
   * never sees half a file.
   */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static Path write(Path runDir, Results results) {
    Path file = runDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(runDir);
      // a file this version writes is in this version's format, even for results read from an older file
      writeAtomically(file, Json.MAPPER.writeValueAsBytes(results.current()));
      OBSERVERS.forEach(o -> o.accept(file));
      return file;
    } catch (IOException e) {
      throw new ReportsException(file + ": cannot write: " + describe(e), e);
    }
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
