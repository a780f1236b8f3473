package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One target checked against a run.
 *
 * @param kind query (a latency target applied to one query), database, load, plan (a plan check)
 *     or regression (from a baseline comparison)
 * @param subject what was measured: a query name, an endpoint group, "database", ...
 * @param metric the statistic judged, with its unit: p95_ms, p99_ms, mean_ms, index_hit_rate,
 *     error_rate, rps, uses_intended_index
 * @param op "<", "<=", ">" or ">="
 * @param actual null when the run did not measure it (then pass is false and detail says why),
 *     or when there was nothing to measure (a plan check of a query with no intended index:
 *     pass is true and detail says so)
 * @param meanMs the mean beside the judged percentile (the report quoted means), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TargetResult(
    String name,
    String kind,
    String subject,
    String metric,
    String op,
    double limit,
    Double actual,
    Double meanMs,
    String unit,
    boolean pass,
    String detail,
    /** The entry of targets.yaml's {@code accepted} list that covers this target, or null. */
    Acceptance acceptance) {

  public TargetResult(String name, String kind, String subject, String metric, String op, double limit, Double actual, Double meanMs,
      String unit, boolean pass, String detail) {
    this(name, kind, subject, metric, op, limit, actual, meanMs, unit, pass, detail, null);
  }

  public TargetResult withAcceptance(Acceptance a) {
    return new TargetResult(name, kind, subject, metric, op, limit, actual, meanMs, unit, pass, detail, a);
  }

  /**
   * Whether this target fails its gate: it failed and no current acceptance covers it, or its
   * acceptance has expired (an expired entry fails the run, passing or not, until it is removed or
   * renewed).
   */
  public boolean blocks() {
    if (acceptance != null && Acceptance.EXPIRED.equals(acceptance.state())) {
      return true;
    }
    return !pass && (acceptance == null || !Acceptance.ACCEPTED.equals(acceptance.state()));
  }

  /**
   * An accepted breach, as targets.yaml's {@code accepted} list records it.
   *
   * @param state "accepted" (it failed, and that is accepted until the date), "accepted but now
   *     passing" (the entry can be removed) or "expired" (past its date: it fails the run)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Acceptance(String state, String reason, String until) {
    public static final String ACCEPTED = "accepted";
    public static final String NOW_PASSING = "accepted but now passing";
    public static final String EXPIRED = "expired";
  }
}
