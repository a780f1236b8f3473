package dev.apexbench.reports.compare;

import dev.apexbench.reports.ReportsException;

/** Two runs cannot be compared (they measured different things); the message says what differs. */
public class CompareException extends ReportsException {

  public CompareException(String message) {
    super(message);
  }
}
