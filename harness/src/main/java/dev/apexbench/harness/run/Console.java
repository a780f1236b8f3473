package dev.apexbench.harness.run;

import dev.apexbench.datagen.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** Human messages and progress on stderr, so stdout stays clean for results and --json. */
public final class Console {
  private final PrintWriter err;
  private final boolean quiet;

  public Console(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  public void say(String line) {
    err.println(line);
    err.flush();
  }

  /** Progress for phases that report their own advance: at most one line every two seconds. */
  public Progress loadProgress(String what) {
    long start = System.nanoTime();
    long[] lastPrint = {start};
    return (done, total) -> {
      long now = System.nanoTime();
      if (quiet || (now - lastPrint[0] < 2_000_000_000L && done < total)) {
        return;
      }
      if (done >= total && now - start < 2_000_000_000L) {
        return; // short loads need no progress line
      }
      lastPrint[0] = now;
      double secs = (now - start) / 1e9;
      say(
          String.format(
              Locale.ROOT,
              "  %s: %,d / %,d rows (%d %%), %,.0f rows/s",
              what,
              done,
              total,
              total == 0 ? 100 : done * 100 / total,
              secs > 0 ? done / secs : 0));
    };
  }
}
