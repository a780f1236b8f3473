package dev.apexbench.cli;

import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.DbInfo;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one run's sections and phases as they happen and writes {@code results.json}; a
 * failing phase is recorded (and later phases marked skipped) so partial results still say what
 * ran and what did not.
 */
final class RunRecorder {
  /** A phase body. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }

  final RunDirectory dir;
  final String command;
  final String profile;
  final Map<String, Object> settings = new LinkedHashMap<>();
  final List<Phase> phases = new ArrayList<>();
  private final double loadStart = Environment.loadAverage();

  BigDecimal scale;
  long seed;
  String schemaVariant;
  String schemaVersion;
  DbInfo db;
  Datagen datagen;
  List<QueryResult> queries;
  QueryResult harnessBaseline;
  Load load;
  Database database;
  String failedPhase;

  RunRecorder(RunDirectory dir, String command, String profile) {
    this.dir = dir;
    this.command = command;
    this.profile = profile;
  }

  /** Runs a phase, recording its time and outcome; rethrows its failure. */
  <T> T phase(String name, Body<T> body) throws Exception {
    long t0 = System.nanoTime();
    try {
      T result = body.run();
      phases.add(new Phase(name, Phase.OK, seconds(t0), null));
      return result;
    } catch (Exception | Error e) {
      phases.add(new Phase(name, Phase.FAILED, seconds(t0), oneLine(e)));
      if (failedPhase == null) {
        failedPhase = name;
      }
      throw e;
    }
  }

  /**
   * Notes a database window whose other harness connections did not close in time: their last
   * second of statistics may be missing from it.
   */
  void uncleanWindow(Console console) {
    String note = "other apex-bench connections stayed open at a window edge; up to a second of their statistics may be missing";
    settings.put("db_window_note", note);
    console.say("bench: warning: " + note);
  }

  void skipped(String name, String why) {
    phases.add(new Phase(name, Phase.SKIPPED, 0, why));
  }

  static Map<String, Object> jdbcFacts() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("driver", "pgjdbc " + org.postgresql.util.DriverInfo.DRIVER_VERSION);
    m.put("prefer_query_mode", "extended");
    m.put("prepare_threshold", 5);
    m.put(
        "protocol",
        "extended query protocol; one connection per benchmark thread; a server-side prepared statement from the"
            + " 5th execution on, so PostgreSQL's plan cache (custom or generic plans) applies as in production");
    return m;
  }

  Results results() {
    Path home = CommonOptions.home();
    RunInfo run =
        new RunInfo(
            dir.id,
            command,
            dir.started.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
            profile,
            scale == null ? null : scale.stripTrailingZeros(),
            seed,
            schemaVariant,
            schemaVersion,
            Environment.gitCommit(home),
            Environment.gitDirty(home),
            settings,
            Environment.machine(loadStart, Environment.loadAverage()),
            db,
            jdbcFacts(),
            List.copyOf(phases),
            failedPhase);
    return new Results(Results.SCHEMA_VERSION, run, datagen, queries, harnessBaseline, load, database, null, null, null);
  }

  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
