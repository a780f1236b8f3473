package dev.apexbench.reports;

/**
 * A problem with a file or input the reports module was given, worded for the user: the message
 * is one line (the CLI prints it as is and exits 2). Subclasses say which input was wrong.
 */
public class ReportsException extends RuntimeException {

  public ReportsException(String message) {
    super(oneLine(message));
  }

  public ReportsException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /** Collapses line breaks (e.g. from a parser's message) so the message stays one line. */
  public static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
