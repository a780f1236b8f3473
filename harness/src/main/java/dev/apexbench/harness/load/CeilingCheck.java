package dev.apexbench.harness.load;

import dev.apexbench.harness.run.Environment;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.calibrate.CalibrationIO;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Before a load: is the planned arrival rate above what one injector kept on this machine, as the
 * latest {@code bench calibrate} here measured it? Then it says so, with the injectors it would take.
 * Silent when there is no calibration of this machine kind, or no ceiling in it.
 */
public final class CeilingCheck {
  private CeilingCheck() {}

  /**
   * The warning ({@code what}: "the planned", "the search's highest rate,") for {@code arrivalsPerSecond} requests
   * per second (the ceiling was measured with one request per user) over {@code injectors} injectors, or empty. */
  public static Optional<String> warning(Path stateDir, String what, double arrivalsPerSecond, int injectors) {
    Path file = stateDir.resolve(CalibrationIO.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Calibration c;
    try {
      c = CalibrationIO.read(file);
    } catch (ReportsException e) {
      return Optional.empty();
    }
    if (c.ceiling() == null || c.ceiling().rps() == null || c.run() == null || !sameKind(c.run().machine(), Environment.machine(-1, -1))) {
      return Optional.empty();
    }
    double each = arrivalsPerSecond / Math.max(1, injectors);
    double ceiling = c.ceiling().rps();
    if (each <= ceiling) {
      return Optional.empty();
    }
    int needed = (int) Math.ceil(arrivalsPerSecond / ceiling);
    return Optional.of(String.format(Locale.ROOT, "bench: %s %.0f requests/s%s is above what one load injector kept on this"
        + " machine (%.0f/s, bench calibrate of %s): it may fall behind its schedule and understate latencies; use --injectors %d or"
        + " more, or another machine", what, arrivalsPerSecond, injectors > 1 ? " (" + Math.round(each) + " per injector)" : "", ceiling,
        c.createdAt() == null ? "unknown date" : c.createdAt().substring(0, Math.min(10, c.createdAt().length())), needed));
  }

  /** Says the warning, if any, on the workspace's console. */
  public static void say(Workspace ws, String what, double arrivalsPerSecond, int injectors) {
    warning(ws.stateDir(), what, arrivalsPerSecond, injectors).ifPresent(ws.console()::say);
  }

  private static boolean sameKind(Machine a, Machine b) {
    return a != null && b != null && Objects.equals(a.cores(), b.cores()) && Objects.equals(a.osName(), b.osName())
        && Objects.equals(a.arch(), b.arch()) && Objects.equals(a.memoryGib(), b.memoryGib());
  }
}
