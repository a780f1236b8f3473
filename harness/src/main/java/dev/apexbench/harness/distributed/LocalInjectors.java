package dev.apexbench.harness.distributed;

import dev.apexbench.db.BenchException;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench load --injectors N}: N injector JVMs on this machine, each {@code bench load
 * --injector K/N --start-at T --target-url URL}, then their runs merged: the distributed path
 * ({@link InjectorMerge}), run locally. Each injector writes its run under {@code
 * injectors/<K>/} of the run directory and its output to {@code injectors/injector-<K>.log}.
 */
public final class LocalInjectors {
  /** Slack for N JVMs to start on a shared machine before their warm-up and the common instant: 5 s, and 3 s per JVM. */
  public static Duration startSlack(int n) {
    return Duration.ofSeconds(5 + 3L * n);
  }

  private LocalInjectors() {}

  /** Injector JVMs started, and the instant their recorded load begins. */
  public record Started(List<Process> children, Instant startAt, Path home, Thread killer) {}

  /**
   * Starts the injectors; they warm up and begin their recorded load at the returned instant.
   * A Ctrl-C stops them all.
   *
   * @param args the load arguments every injector gets after {@code load --injector K/N --start-at T}
   * @param warmup the profile's warm-up (each injector warms up before the instant)
   */
  public static Started start(Workspace ws, int n, List<String> args, Duration warmup, Path runDir) throws IOException {
    Console console = ws.console();
    Instant startAt = Instant.now().plus(startSlack(n)).plus(warmup).truncatedTo(ChronoUnit.SECONDS);
    Path home = Files.createDirectories(runDir.resolve("injectors"));
    List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread killer = new Thread(() -> children.forEach(Process::destroy), "apex-injectors-stop");
    Runtime.getRuntime().addShutdownHook(killer);
    console.say("bench: load: " + n + " injector JVMs, each 1/" + n + " of the rate, recording from " + startAt
        + " (their output: injectors/injector-K.log)");
    try {
      for (int k = 0; k < n; k++) {
        List<String> cmd = new ArrayList<>(ws.selfCommand());
        cmd.addAll(List.of("load", "--injector", k + "/" + n, "--start-at", startAt.toString(), "--out", home.resolve(Integer.toString(k)).toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("injector-" + k + ".log").toFile());
        pb.environment().remove("APEX_BENCH_DB"); // injectors need only HTTP: no database of their own
        children.add(pb.start());
      }
    } catch (IOException | RuntimeException e) {
      children.forEach(Process::destroyForcibly);
      removeHook(killer);
      throw e;
    }
    return new Started(children, startAt, home, killer);
  }

  /**
   * Waits for the injectors and merges what they wrote. An injector that exits without a run is
   * missing from the merge (named there, and the schedule fails).
   */
  public static InjectorMerge.Merged await(Started st, Duration total, Console console) throws Exception {
    List<Process> children = st.children();
    int n = children.size();
    Path home = st.home();
    try {
      long deadline = System.nanoTime() + Duration.between(Instant.now(), st.startAt()).plus(total).plus(Duration.ofMinutes(5)).toNanos();
      for (int k = 0; k < n; k++) {
        Process p = children.get(k);
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
          console.say("bench: load: injector " + k + "/" + n + " did not finish in time; stopped (see injectors/injector-" + k + ".log)");
        } else if (p.exitValue() > 1) {
          console.say("bench: load: injector " + k + "/" + n + " exited with " + p.exitValue() + " (see injectors/injector-" + k + ".log)");
        }
      }
    } catch (InterruptedException e) {
      children.forEach(Process::destroy);
      throw e;
    } finally {
      children.forEach(p -> {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      });
      removeHook(st.killer());
    }
    List<Path> found;
    try {
      found = InjectorMerge.find(List.of(home));
    } catch (BenchException e) {
      throw BenchException.environment("load: none of the " + n + " injectors wrote a run; see " + home + "/injector-K.log", null);
    }
    // a run directory without results.json (an injector killed mid-run) counts as missing
    List<Path> finished = found.stream().filter(d -> Files.isRegularFile(d.resolve(dev.apexbench.reports.ResultsIO.FILE_NAME))).toList();
    if (finished.isEmpty()) {
      throw BenchException.environment("load: none of the " + n + " injectors finished its run; see " + home + "/injector-K.log", null);
    }
    InjectorMerge.Merged m = InjectorMerge.merge(finished, false);
    if (m.count() != n) {
      throw BenchException.environment("load: the injectors' runs say " + m.count() + " injectors, not " + n, null);
    }
    return m;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs
    }
  }

  /**
   * What every local injector gets besides {@code --injector}, {@code --start-at} and {@code --out}:
   * the same load against the same api ({@code bench load}'s arguments; a child is this tool).
   */
  public static List<String> injectorArgs(String base, dev.apexbench.dataset.DatasetSpec dataset, String profile, String simulation,
      Double rate, Duration duration, Path targetsFile, Duration warmup) {
    List<String> a = new ArrayList<>(List.of("--target-url", base, "--scale", dataset.scaleText(), "--seed",
        Long.toString(dataset.seed()), "--profile", profile, "--simulation", simulation));
    if (rate != null) {
      a.addAll(List.of("--rate", Double.toString(rate)));
    }
    if (duration != null) {
      a.addAll(List.of("--duration", duration.toMillis() + "ms"));
    }
    if (targetsFile != null) {
      a.addAll(List.of("--targets", targetsFile.toAbsolutePath().toString()));
    }
    if (warmup != null) {
      a.addAll(List.of("--warmup", warmup.toMillis() + "ms"));
    }
    return a;
  }
}
