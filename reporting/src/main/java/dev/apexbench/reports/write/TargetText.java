package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How every writer shows a target: the same words for actual and limit everywhere. */
final class TargetText {

  private TargetText() {}

  static boolean isPlan(TargetResult t) {
    return "uses_intended_index".equals(t.metric());
  }

  /** A yes/no check (a plan check, the generator's schedule): actual 1 = yes, 0 = no. */
  static boolean isYesNo(TargetResult t) {
    return isPlan(t) || "schedule_kept".equals(t.metric());
  }

  /** {@code 12.3 ms}; for a plan check yes, no or n/a; "not measured" for null. */
  static String actual(TargetResult t) {
    if (isYesNo(t)) {
      return t.actual() == null ? "n/a" : t.actual() >= 1 ? "yes" : "no";
    }
    if (t.actual() != null && t.metric() != null && t.metric().endsWith("_change_pct")) {
      return Fmt.change(t.actual());
    }
    return t.actual() == null ? "not measured" : Fmt.withUnit(t.actual(), t.unit());
  }

  /** {@code < 10 ms}; for a plan check "yes" (must use its intended index). */
  static String limit(TargetResult t) {
    if (isYesNo(t)) {
      return "yes";
    }
    // the limit as the user wrote it: 99 %, not 99.00 %
    return t.op() + " " + Fmt.num(t.limit()) + (t.unit() == null || t.unit().isEmpty() ? "" : " " + t.unit());
  }

  /** "actual 118 ms vs limit < 100 ms". */
  static String actualVsLimit(TargetResult t) {
    return "actual " + actual(t) + " vs limit " + limit(t);
  }

  /** Failing targets first, each group in the evaluator's order. */
  static List<TargetResult> failingFirst(Results r) {
    List<TargetResult> all = r.targets() == null ? List.of() : r.targets();
    List<TargetResult> out = new ArrayList<>(all);
    out.sort(Comparator.comparing(TargetResult::pass)); // stable: false (failing) first
    return out;
  }

  static long failures(Results r) {
    return r.targets() == null ? 0 : r.targets().stream().filter(t -> !t.pass()).count();
  }

  /**
   * One line: "4 of 38 targets failed", "all 38 targets met", "no targets evaluated"; with a
   * failed phase, "phase load failed; the 4 targets it measured before were met".
   */
  static String count(Results r) {
    int n = r.targets() == null ? 0 : r.targets().size();
    long f = failures(r);
    List<String> phases = new ArrayList<>();
    if (r.run() != null && r.run().phases() != null) {
      r.run().phases().stream().filter(p -> "failed".equals(p.status())).forEach(p -> phases.add(p.name()));
    }
    String targets = n == 0 ? "no targets evaluated" : f == 0 ? "all " + n + " targets met" : f + " of " + n + " targets failed";
    if (phases.isEmpty()) {
      return targets;
    }
    String failed = "phase " + String.join(", ", phases) + " failed";
    return n == 0 ? failed + "; no targets evaluated"
        : f == 0 ? failed + "; the " + n + " targets measured before it were met" : failed + "; " + targets;
  }

  /** The failed phases as "phase load failed: <error>", one per failed phase. */
  static List<String> failedPhases(Results r) {
    List<String> out = new ArrayList<>();
    if (r.run() != null && r.run().phases() != null) {
      r.run().phases().stream().filter(p -> "failed".equals(p.status()))
          .forEach(p -> out.add("phase " + p.name() + " failed" + (p.error() == null ? "" : ": " + p.error())));
    }
    return out;
  }

  /** PASS, FAIL, or NOT EVALUATED when the run has no verdict. */
  static String verdict(Results r) {
    return r.verdict() == null ? "NOT EVALUATED" : r.verdict().toUpperCase(java.util.Locale.ROOT);
  }
}
