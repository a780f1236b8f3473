package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One phase of a run: provision, seed, explain, jmh, load, report. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Phase(String name, String status, double seconds, String error) {
  public static final String OK = "ok";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";
  /** Stopped by SIGINT or SIGTERM (Ctrl-C) while it ran; what it measured is lost, earlier phases are kept. */
  public static final String INTERRUPTED = "interrupted";
}
