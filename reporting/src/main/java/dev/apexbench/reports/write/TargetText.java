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

  /** Failing targets first, then accepted breaches, then the rest, each group in the evaluator's order. */
  static List<TargetResult> failingFirst(Results r) {
    List<TargetResult> all = r.targets() == null ? List.of() : r.targets();
    List<TargetResult> out = new ArrayList<>(all);
    out.sort(Comparator.comparingInt(t -> rank(r, t))); // stable
    return out;
  }

  private static int rank(Results r, TargetResult t) {
    return fails(r, t) ? 0 : t.blocks() ? 1 : accepted(t) ? 2 : 3;
  }

  /**
   * A target that fails the run: it blocks (failed and not accepted, or accepted past the entry's
   * date) and its gate decides the run.
   */
  static boolean fails(Results r, TargetResult t) {
    return t.blocks() && gating(r, t);
  }

  static long failures(Results r) {
    return r.targets() == null ? 0 : r.targets().stream().filter(t -> fails(r, t)).count();
  }

  /** Failing targets of the gate that does not decide the run (e.g. regressions under --gate targets). */
  static long notGating(Results r) {
    return r.targets() == null ? 0 : r.targets().stream().filter(t -> t.blocks() && !gating(r, t)).count();
  }

  /**
   * Whether this target's gate decides the run: every target under gate both (and in results
   * without per-gate verdicts); regressions only under gate regression; the rest only under gate
   * targets.
   */
  static boolean gating(Results r, TargetResult t) {
    String gate = r.verdicts() == null ? null : r.verdicts().gate();
    if (gate == null || "both".equals(gate)) {
      return true;
    }
    return "regression".equals(gate) == "regression".equals(t.kind());
  }

  /** A breach covered by a current entry of targets.yaml's accepted list. */
  static boolean accepted(TargetResult t) {
    return !t.pass() && !t.blocks();
  }

  static long acceptedCount(Results r) {
    return r.targets() == null ? 0 : r.targets().stream().filter(TargetText::accepted).count();
  }

  /** "pass", "fail", "accepted" (a breach accepted until a date) or "expired" (an acceptance past its date). */
  static String status(TargetResult t) {
    if (t.acceptance() != null && TargetResult.Acceptance.EXPIRED.equals(t.acceptance().state())) {
      return "expired";
    }
    return accepted(t) ? "accepted" : t.pass() ? "pass" : "fail";
  }

  /**
   * What the accepted list says about this target, or null: "accepted (reason, until 2027-03-31)",
   * "accepted but now passing: remove it (...)", "acceptance expired on 2027-03-31: renew or remove it (reason)".
   */
  static String acceptanceNote(TargetResult t) {
    return acceptanceNote(t, Integer.MAX_VALUE);
  }

  /** As {@link #acceptanceNote(TargetResult)}, the reason cut to {@code maxReason} characters. */
  static String acceptanceNote(TargetResult t, int maxReason) {
    TargetResult.Acceptance a = t.acceptance();
    if (a == null) {
      return null;
    }
    String reason = a.reason() == null ? "" : a.reason().length() <= maxReason ? a.reason() : a.reason().substring(0, maxReason - 3) + "...";
    return switch (a.state()) {
      case TargetResult.Acceptance.EXPIRED -> "acceptance expired on " + a.until() + ": renew or remove it (" + reason + ")";
      case TargetResult.Acceptance.NOW_PASSING -> "accepted but now passing: remove it (" + reason + ", until " + a.until() + ")";
      default -> "accepted (" + reason + ", until " + a.until() + ")";
    };
  }

  /** The detail with the acceptance note in front. */
  static String detail(TargetResult t) {
    String note = acceptanceNote(t);
    if (note == null) {
      return t.detail();
    }
    return t.detail() == null || t.detail().isEmpty() ? note : note + "; " + t.detail();
  }

  /**
   * Which gate decided the verdict and how each gate came out, e.g. "gate both: targets fail,
   * regression pass" or "gate targets (regression not run)"; empty for results without per-gate
   * verdicts.
   */
  static String gate(Results r) {
    Results.Verdicts v = r.verdicts();
    if (v == null || v.gate() == null) {
      return "";
    }
    String regression = v.regression() == null ? "no baseline compared" : "regression " + v.regression();
    return "gate " + v.gate() + ": targets " + v.targets() + ", " + regression
        + ("both".equals(v.gate()) ? "" : " (only " + v.gate() + " decides)");
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
    long a = acceptedCount(r);
    long ng = notGating(r);
    String acc = (a == 0 ? "" : a == 1 ? " (1 accepted breach)" : " (" + a + " accepted breaches)")
        + (ng == 0 ? "" : " (" + ng + " failing outside the gate " + r.verdicts().gate() + ")");
    String targets = (n == 0 ? "no targets evaluated"
        : f == 0 ? (a + ng == 0 ? "all " + n + " targets met" : n - a - ng + " of " + n + " targets met") : f + " of " + n + " targets failed") + acc;
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
