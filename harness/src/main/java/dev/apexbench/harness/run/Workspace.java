package dev.apexbench.harness.run;

import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process's state in one object, built once by the command layer and passed into the engine:
 * where the embedded servers and the runs live, where messages go, how a finished run is shown,
 * how to start another process of this tool (a local injector), and the run that Ctrl-C must still
 * write. Nothing of the engine keeps state in statics; two workspaces in one JVM do not meet.
 */
public final class Workspace {
  /** Shows a written run on stdout: the verdict table or one JSON object. */
  @FunctionalInterface
  public interface Presenter {
    void show(Results results, Path runDir, int exitCode);
  }

  private final Path home;
  private final Console console;
  private final Presenter presenter;
  private final List<String> selfCommand;
  private final AtomicBoolean hookInstalled = new AtomicBoolean();
  /** The run being recorded and the targets that judge it, for the Ctrl-C hook; null when none. */
  private volatile Tracked tracked;

  private record Tracked(RunRecorder recorder, Targets targets) {}

  /**
   * @param home where {@code .apex-bench/} and {@code reports/} live (the repository root through
   *     {@code ./bench}, else the working directory)
   * @param console progress and messages (stderr)
   * @param presenter how a finished run is shown on stdout
   * @param selfCommand the command line that starts this tool in a new JVM, up to (and without)
   *     its arguments: {@code java ... -cp ... MainClass}
   */
  public Workspace(Path home, Console console, Presenter presenter, List<String> selfCommand) {
    this.home = home.toAbsolutePath().normalize();
    this.console = console;
    this.presenter = presenter;
    this.selfCommand = List.copyOf(selfCommand);
  }

  public Path home() {
    return home;
  }

  /** {@code .apex-bench/} under the home: the embedded servers' data, the drill's servers, secrets. */
  public Path stateDir() {
    return home.resolve(".apex-bench");
  }

  /** {@code reports/} under the home: where runs go unless a command is told otherwise. */
  public Path defaultReportsRoot() {
    return home.resolve("reports");
  }

  public Console console() {
    return console;
  }

  public List<String> selfCommand() {
    return selfCommand;
  }

  void present(Results r, Path dir, int exitCode) {
    presenter.show(r, dir, exitCode);
  }

  /**
   * A new run: its directory under {@code reportsRoot} and its recorder, tracked (an interrupt
   * from here on still writes it) and judged by {@code targets}.
   */
  public RunRecorder begin(Path reportsRoot, String command, String profile, Targets targets) {
    RunRecorder rec = new RunRecorder(RunDirectory.create(reportsRoot, command, profile), command, profile, home);
    track(rec, targets);
    return rec;
  }

  /**
   * The run this process records now and the targets that judge it: an interrupt (SIGINT,
   * SIGTERM) from here on still writes its results.json ("verdict": "interrupted") and report.
   */
  public void track(RunRecorder rec, Targets targets) {
    tracked = new Tracked(rec, targets);
    if (hookInstalled.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(this::onInterrupt, "apex-bench-interrupted"));
    }
  }

  void untrack(RunRecorder rec) {
    Tracked t = tracked;
    if (t != null && t.recorder() == rec) {
      tracked = null;
    }
  }

  private void onInterrupt() {
    Tracked t = tracked;
    if (t == null) {
      return;
    }
    t.recorder().interrupted();
    t.recorder().finishOnce(() -> Reporting.write(this, t.recorder(), t.targets(), null));
  }
}
