package dev.apexbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code bench} in-process and captures its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
  /** Run directories (reports/) of CLI tests go to a temporary home, not the working tree. */
  static final java.nio.file.Path HOME;

  static {
    try {
      HOME = java.nio.file.Files.createTempDirectory("apex-bench-cli-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    System.setProperty("apex.home", HOME.toString());
  }

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Bench.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int rc = cl.execute(args);
    return new CliRun(rc, out.toString(), err.toString());
  }

  /** stderr without the progress lines every command prints while it works. */
  String errorLines() {
    return err.lines().filter(l -> !l.startsWith("bench: starting") && !l.startsWith("  ")).reduce("", (a, b) -> a + b + "\n");
  }
}
