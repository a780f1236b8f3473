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
   * @return {@code results} with {@code targets}, {@code verdict} and {@code verdicts} replaced:
   *     "interrupted" when a phase was interrupted; else "fail" when a phase failed or when the gate
   *     the run asked for ({@code run.settings.gate}, default both) fails: the targets gate on a
   *     target that {@link TargetResult#blocks() blocks} (failed and not accepted, or accepted past
   *     its date), the regression gate on a significant regression; else "pass"
   */
  public static Results evaluate(Results results, Targets targets) {
    return evaluate(results, targets, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
  }

  /** As {@link #evaluate(Results, Targets)}, judging acceptances on {@code today}. */
  public static Results evaluate(Results results, Targets targets, java.time.LocalDate today) {
    return evaluate(results, targets, null, today);
  }

  /**
   * As {@link #evaluate(Results, Targets)} with the gate given ({@code targets}, {@code regression}
   * or {@code both}; null: the run's {@code settings.gate}, else both), judging acceptances on
   * {@code today}.
   */
  public static Results evaluate(Results results, Targets targets, String gateOrNull, java.time.LocalDate today) {
    List<TargetResult> out = new ArrayList<>();
    out.addAll(QueryTargets.evaluate(results.queries(), targets));
    out.addAll(PlanChecks.evaluate(results.queries(), targets.requireIntendedIndex()));
    out.addAll(DatabaseTargets.evaluate(results.database(), targets));
    out.addAll(LoadTargets.evaluate(results.load(), targets));
    out.addAll(CapacityTargets.evaluate(results.capacity(), targets));
    out.addAll(DrTargets.evaluate(results.dr(), targets));
    out.addAll(WorkTargets.evaluate(results.queries(), targets));
    out.addAll(RegressionTargets.evaluate(results.comparison()));
    List<TargetResult> judged = new ArrayList<>();
    for (TargetResult t : out) {
      judged.add(accept(t, targets.accepted(), today));
    }
    String gate = gateOrNull != null ? gateOrNull : gate(results);
    String targetsVerdict = targetsVerdict(results, judged);
    String regressionVerdict = results.comparison() == null ? null
        : judged.stream().filter(t -> "regression".equals(t.kind())).anyMatch(TargetResult::blocks) ? FAIL : PASS;
    String verdict;
    if (phaseInterrupted(results)) {
      verdict = INTERRUPTED;
    } else {
      verdict = switch (gate) {
        case "targets" -> targetsVerdict;
        case "regression" -> phaseFailed(results) || FAIL.equals(regressionVerdict) ? FAIL : PASS;
        default -> FAIL.equals(targetsVerdict) || FAIL.equals(regressionVerdict) ? FAIL : PASS;
      };
    }
    return results.withVerdicts(List.copyOf(judged), verdict, new Results.Verdicts(gate, targetsVerdict, regressionVerdict));
  }

  /** The gate the run asked for ({@code run.settings.gate}: targets, regression or both; default both). */
  static String gate(Results r) {
    Object g = r.run() == null || r.run().settings() == null ? null : r.run().settings().get("gate");
    return g == null ? "both" : g.toString();
  }

  private static TargetResult accept(TargetResult t, List<Targets.Accepted> accepted, java.time.LocalDate today) {
    for (Targets.Accepted a : accepted) {
      if (a.covers(t.name())) {
        String state = today.isAfter(a.until()) ? TargetResult.Acceptance.EXPIRED
            : t.pass() ? TargetResult.Acceptance.NOW_PASSING : TargetResult.Acceptance.ACCEPTED;
        return t.withAcceptance(new TargetResult.Acceptance(state, a.reason(), a.until().toString()));
      }
    }
    return t;
  }

  static String targetsVerdict(Results results, List<TargetResult> targets) {
    boolean failed = targets.stream().filter(t -> !"regression".equals(t.kind())).anyMatch(TargetResult::blocks);
    return failed || phaseFailed(results) ? FAIL : PASS;
  }

  private static boolean phaseFailed(Results results) {
    return results.run() != null && results.run().phases() != null
        && results.run().phases().stream().anyMatch(p -> Phase.FAILED.equals(p.status()));
  }

  private static boolean phaseInterrupted(Results results) {
    return results.run() != null && results.run().phases() != null
        && results.run().phases().stream().anyMatch(p -> Phase.INTERRUPTED.equals(p.status()));
  }
}
