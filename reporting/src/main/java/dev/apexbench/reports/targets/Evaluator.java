package dev.apexbench.reports.targets;

import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a run against its targets. Only what the run measured is judged: a section that is null
 * or empty (an {@code explain} run has no latencies, a {@code jmh} run no load) lists no targets
 * for it; but a measured item missing the judged statistic fails, with a detail saying so.
 *
 * <p>Order of the targets: query latency, plan checks, database, load, then regressions from
 * {@code results.comparison} (when present, each compared metric is a target that fails only on
 * a regression, so the verdict alone is the gate).
 */
public final class Evaluator {

  public static final String PASS = "pass";
  public static final String FAIL = "fail";
  /** The run was stopped (Ctrl-C): its results are partial, and it neither passes nor fails. */
  public static final String INTERRUPTED = "interrupted";

  private Evaluator() {}

  /**
   * @return {@code results} with {@code targets} and {@code verdict} replaced: "interrupted" when a
   *     phase was interrupted, "fail" when any target fails or any phase in {@code run.phases}
   *     failed, else "pass"
   */
  public static Results evaluate(Results results, Targets targets) {
    List<TargetResult> out = new ArrayList<>();
    out.addAll(QueryTargets.evaluate(results.queries(), targets));
    out.addAll(PlanChecks.evaluate(results.queries(), targets.requireIntendedIndex()));
    out.addAll(DatabaseTargets.evaluate(results.database(), targets));
    out.addAll(LoadTargets.evaluate(results.load(), targets));
    out.addAll(RegressionTargets.evaluate(results.comparison()));
    return results.withTargets(List.copyOf(out), verdict(results, out));
  }

  static String verdict(Results results, List<TargetResult> targets) {
    if (results.run() != null && results.run().phases() != null
        && results.run().phases().stream().anyMatch(p -> Phase.INTERRUPTED.equals(p.status()))) {
      return INTERRUPTED;
    }
    boolean failed = targets.stream().anyMatch(t -> !t.pass());
    if (results.run() != null && results.run().phases() != null) {
      failed |= results.run().phases().stream().anyMatch(p -> Phase.FAILED.equals(p.status()));
    }
    return failed ? FAIL : PASS;
  }
}
