package dev.apexbench.reports.targets;

import dev.apexbench.reports.ReportsException;

/**
 * targets.yaml is not valid. The message is one line: {@code <file>:<line>: <what is wrong>
 * (allowed: <what is allowed>)}.
 */
public class TargetsException extends ReportsException {

  public TargetsException(String file, int line, String problem, String allowed) {
    super(file + ":" + line + ": " + problem + " (allowed: " + allowed + ")");
  }

  public TargetsException(String file, int line, String problem, String allowed, Throwable cause) {
    super(file + ":" + line + ": " + problem + " (allowed: " + allowed + ")", cause);
  }
}
