package dev.apexbench.gatling;

import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a simulation in this JVM ({@code Gatling.fromArgs}, which returns instead of exiting; the
 * JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}) and moves Gatling's HTML report
 * to {@code <run dir>/gatling/}. Gatling is kept on the machine: warm-up request and usage
 * analytics are off (here and in gatling.conf).
 */
public final class GatlingLauncher {
  private GatlingLauncher() {}

  /** Gatling's exit code (0 ok, 2 an assertion failed), the recorder, the report directory. */
  public record Outcome(int exitCode, LoadRecorder recorder, Path report) {}

  /**
   * Runs the simulation once, unrecorded and without a report, to warm both JVMs (JIT, class
   * loading, connection pools) and the server's caches before the measured run.
   */
  public static int warmUp(LoadPlan plan, Class<? extends Simulation> simulation, Path runDir) {
    LoadContext.install(plan, new LoadRecorder());
    Path work = runDir.resolve("gatling-warmup");
    try {
      return quietly(runDir.resolve("gatling.log"), () -> io.gatling.app.Gatling$.MODULE$.fromArgs(
          new String[] {"-s", simulation.getName(), "-rf", work.toAbsolutePath().toString(), "-nr", "-rd", "apex-bench warm-up"}));
    } finally {
      LoadContext.clear();
      deleteTree(work);
    }
  }

  public static Outcome run(LoadPlan plan, Class<? extends Simulation> simulation, Path runDir, Consumer<String> progress) {
    return run(plan, simulation, runDir, progress, true);
  }

  /** As {@link #run(LoadPlan, Class, Path, Consumer)}, without Gatling's HTML report when {@code report} is false. */
  public static Outcome run(LoadPlan plan, Class<? extends Simulation> simulation, Path runDir, Consumer<String> progress, boolean report) {
    System.setProperty("gatling.data.enableAnalytics", "false");
    System.setProperty("gatling.http.warmUpUrl", "");
    LoadRecorder recorder = new LoadRecorder(runDir.resolve(LoadRecorder.HLOG), plan.steps().isEmpty() ? 0 : (int) plan.duration().toSeconds());
    LoadContext.install(plan, recorder);
    HiccupMeter meter = HiccupMeter.start(recorder); // the generator's own pauses, from second 0 of the run
    Path work = runDir.resolve("gatling-results");
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "load-progress");
      t.setDaemon(true);
      return t;
    });
    long total = plan.totalDuration().toSeconds();
    ticker.scheduleAtFixedRate(
        () -> progress.accept(String.format(Locale.ROOT, "  load: %.0f / %d s, %,d requests, %,d failed",
            Math.min(recorder.elapsedSeconds(), total), total, recorder.totalRequests(), recorder.totalKo())),
        5, 5, TimeUnit.SECONDS);
    int rc;
    try {
      String[] args = report
          ? new String[] {"-s", simulation.getName(), "-rf", work.toAbsolutePath().toString(), "-rd", "apex-bench " + simulation.getSimpleName()}
          : new String[] {"-s", simulation.getName(), "-rf", work.toAbsolutePath().toString(), "-nr", "-rd", "apex-bench " + simulation.getSimpleName()};
      rc = quietly(runDir.resolve("gatling.log"), () -> io.gatling.app.Gatling$.MODULE$.fromArgs(args));
    } finally {
      ticker.shutdownNow();
      meter.close();
      recorder.close();
      LoadContext.clear();
    }
    if (!report) {
      deleteTree(work);
      return new Outcome(rc, recorder, null);
    }
    return new Outcome(rc, recorder, moveReport(work, runDir.resolve("gatling")));
  }

  /** Gatling prints its summary and assertion lines on stdout; they go to gatling.log instead. */
  private static int quietly(Path log, java.util.function.IntSupplier body) {
    java.io.PrintStream stdout = System.out;
    try (java.io.PrintStream file = new java.io.PrintStream(Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND), true, java.nio.charset.StandardCharsets.UTF_8)) {
      System.setOut(file);
      return body.getAsInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      System.setOut(stdout);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** Gatling writes {@code <work>/<simulation>-<timestamp>/}; the run keeps it as {@code gatling/}. */
  static Path moveReport(Path work, Path target) {
    if (!Files.isDirectory(work)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(work)) {
      Path report = dirs.filter(Files::isDirectory).findFirst().orElse(null);
      if (report == null) {
        return null;
      }
      Files.move(report, target);
      Files.deleteIfExists(work);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move Gatling's report to " + target, e);
    }
  }
}
