package dev.apexbench.db;

/**
 * An error the harness reports as one clear line and an exit code, without a stack trace
 * (unless {@code --verbose}). Exit 2 means bad usage, bad input or an environment problem;
 * exit 1 is reserved for a breached target or a regression and is never raised as an exception.
 */
public class BenchException extends RuntimeException {
  private final int exitCode;

  public BenchException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Bad usage or bad input: names the setting, the value and what is allowed. */
  public static BenchException usage(String message) {
    return new BenchException(2, message, null);
  }

  /** The command was interrupted (Ctrl-C) and its partial results were written: exit 130. */
  public static BenchException interrupted() {
    return new BenchException(130, "interrupted; the partial results were written", null);
  }

  /** The environment cannot do what was asked (no Docker, unreachable server, wrong password...). */
  public static BenchException environment(String message, Throwable cause) {
    return new BenchException(2, message, cause);
  }
}
