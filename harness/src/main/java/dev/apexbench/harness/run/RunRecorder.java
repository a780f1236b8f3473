package dev.apexbench.harness.run;

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
public final class RunRecorder {
  /** A phase body. */
  @FunctionalInterface
  public interface Body<T> {
    T run() throws Exception;
  }

  public final RunDirectory dir;
  public final String command;
  public final String profile;
  /** run.settings: every key a run can record is a method of {@link RunSettings}. */
  public final RunSettings settings = new RunSettings();
  private final List<Phase> phases = new ArrayList<>();
  private final double loadStart = Environment.loadAverage();
  private final Path home;

  // the sections of results.json, set by the phases as they finish
  public BigDecimal scale;
  public long seed;
  public String schemaVariant;
  public String schemaVersion;
  public DbInfo db;
  public Datagen datagen;
  public List<QueryResult> queries;
  public QueryResult harnessBaseline;
  public Load load;
  public Database database;
  public dev.apexbench.reports.model.Capacity capacity;
  public dev.apexbench.reports.model.Experiment experiment;
  public dev.apexbench.reports.model.Dr dr;
  /** The first phase that failed, or null. */
  public String failedPhase;

  /** Guards {@link #finished}: the run's files are written once, by the command or by the Ctrl-C hook. */
  private final Object finishing = new Object();
  private boolean finished;
  private volatile String currentPhase;
  private volatile long currentStart;

  /**
   * A recorder for a run in {@code dir}; {@link Workspace#track} makes it the run an interrupt
   * writes (a nested recorder, such as an experiment's variant, is not tracked).
   *
   * @param home the repository whose commit the run records
   */
  public RunRecorder(RunDirectory dir, String command, String profile, Path home) {
    this.dir = dir;
    this.command = command;
    this.profile = profile;
    this.home = home;
  }

  /** Runs a phase, recording its time and outcome; rethrows its failure. */
  public <T> T phase(String name, Body<T> body) throws Exception {
    long t0 = System.nanoTime();
    currentPhase = name;
    currentStart = t0;
    try {
      T result = body.run();
      synchronized (phases) {
        phases.add(new Phase(name, Phase.OK, seconds(t0), null));
      }
      return result;
    } catch (Exception | Error e) {
      synchronized (phases) {
        phases.add(new Phase(name, Phase.FAILED, seconds(t0), oneLine(e)));
      }
      if (failedPhase == null) {
        failedPhase = name;
      }
      throw e;
    } finally {
      currentPhase = null;
    }
  }

  /**
   * Writes the run's files once: {@code write} is called unless they were written already (by the
   * command, or by the Ctrl-C hook); returns what it returned, or null when they were.
   */
  <T> T finishOnce(java.util.function.Supplier<T> write) {
    synchronized (finishing) {
      if (finished) {
        return null;
      }
      finished = true;
    }
    return write.get();
  }

  /**
   * For the Ctrl-C hook (SIGINT, SIGTERM): the phase that was running is recorded as
   * interrupted; what finished before it is kept. The JVM exits 130 (SIGINT) or 143 (SIGTERM).
   */
  void interrupted() {
    String running = currentPhase;
    synchronized (phases) {
      phases.add(new Phase(running == null ? "run" : running, Phase.INTERRUPTED, running == null ? 0 : seconds(currentStart),
          "interrupted (SIGINT or SIGTERM); what this phase measured is lost"));
    }
  }

  /**
   * Notes a database window whose other harness connections did not close in time: their last
   * second of statistics may be missing from it.
   */
  public void uncleanWindow(Console console) {
    String note = "other apex-bench connections stayed open at a window edge; up to a second of their statistics may be missing";
    settings.dbWindowNote(note);
    console.say("bench: warning: " + note);
  }

  public void skipped(String name, String why) {
    phases.add(new Phase(name, Phase.SKIPPED, 0, why));
  }

  public static Map<String, Object> jdbcFacts() {
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

  /** What was recorded so far, as results (no targets judged yet). */
  public Results results() {
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
            settings.asMap(),
            Environment.machine(loadStart, Environment.loadAverage()),
            db,
            jdbcFacts(),
            phasesCopy(),
            failedPhase);
    return new Results(Results.SCHEMA_VERSION, run, datagen, queries, harnessBaseline, load, database, null, null, null).withCapacity(capacity).withExperiment(experiment).withDr(dr);
  }

  private List<Phase> phasesCopy() {
    synchronized (phases) {
      return List.copyOf(phases);
    }
  }

  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }

  public static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
