package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code bench history}: stored runs grouped by what makes them comparable, and each metric's
 * values over time with the changes {@code bench compare}'s statistics find between consecutive
 * runs.
 *
 * @param runsRead results files read
 * @param unreadable results files that could not be read (named in {@code notes})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record History(String generatedAt, int runsRead, int unreadable, List<Group> groups, List<String> notes) {

  /**
   * Runs that can be compared: the same dataset (scale, seed, schema variant), profile, server
   * (provider and version) and machine kind (cores, operating system, JVM).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Group(String identity, List<RunRef> runs, List<Series> series) {}

  /** One run of a group, oldest first. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RunRef(String id, String command, String startedAt, String gitCommit, String verdict) {}

  /**
   * One metric over the group's runs.
   *
   * @param values per run, in the group's order; null where the run did not measure it
   * @param limitMs the target the last run judged it by, if any
   * @param changes between a run and the one before it, where the comparison found one
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Series(String subject, String metric, List<Double> values, Double limitMs, List<Change> changes) {}

  /** A change point: at run {@code runIndex} against run {@code runIndex - 1}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Change(int runIndex, String verdict, double changePct, Double pAdjusted) {}
}
