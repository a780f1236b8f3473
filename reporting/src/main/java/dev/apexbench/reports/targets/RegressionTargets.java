package dev.apexbench.reports.targets;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Each metric of a baseline comparison as a target: it fails only when the comparison judged it
 * a regression (significant and slower by more than the minimum effect), so a change larger than
 * the limit that is not significant passes, and the detail says why.
 */
final class RegressionTargets {

  private RegressionTargets() {}


  static List<TargetResult> evaluate(Comparison c) {
    List<TargetResult> out = new ArrayList<>();
    if (c == null || c.metrics() == null) {
      return out;
    }
    for (Comparison.MetricChange m : c.metrics()) {
      if ("missing".equals(m.metric())) {
        out.add(new TargetResult(m.subject() + " missing", "regression", m.subject(), "missing", "<=", 0, 1.0, null, "", false,
            "regression: in the baseline " + c.baselineRun() + ", missing from this run (a failed phase, or a route that no longer answers)"));
        continue;
      }
      if ("error_rate_pct".equals(m.metric())) {
        boolean ok = !"regression".equals(m.verdict());
        String p = m.pValue() == null ? "not tested" : "p = " + String.format(java.util.Locale.ROOT, "%.2g", m.pValue());
        out.add(new TargetResult(m.subject() + " error_rate_change_pp", "regression", m.subject(), "error_rate_change_pp", "<=", 1,
            m.changePct(), null, "pp", ok, m.verdict() + ": " + Fmt.pct(m.baseline()) + " -> " + Fmt.pct(m.current()) + " of requests failed ("
                + p + ", " + m.test() + ") vs baseline " + c.baselineRun()));
        continue;
      }
      if (Comparison.isWork(m.metric())) {
        boolean ok = !"regression".equals(m.verdict());
        boolean sig = m.metric().equals("plan_signature");
        String detail = m.verdict() + ": " + (sig ? Fmt.num(m.current()) + " of " + m.nCurrent() + " plan-guard checks changed shape"
            : Fmt.num(m.baseline()) + " -> " + Fmt.num(m.current()) + " per " + m.unit()) + " (" + m.test() + ") vs baseline " + c.baselineRun();
        out.add(new TargetResult(m.subject() + " " + m.metric() + "_change_pct", "regression", m.subject(), m.metric() + "_change_pct", "<=",
            sig ? 0 : m.minEffectPct() == null ? 0 : m.minEffectPct(), m.changePct(), null, "%", ok, detail));
        continue;
      }
      String metric = m.metric().replaceFirst("_ms$", "") + "_change_pct";
      boolean pass = !"regression".equals(m.verdict());
      String p = m.pValue() == null ? "not tested" : "p = " + String.format(java.util.Locale.ROOT, "%.2g", m.pValue());
      String ci = m.ciLowPct() == null || m.ciHighPct() == null ? ""
          : ", CI " + Fmt.change(m.ciLowPct()) + " .. " + Fmt.change(m.ciHighPct());
      String detail = m.verdict() + ": " + Fmt.ms(m.baseline()) + " -> " + Fmt.ms(m.current()) + " (" + p + ci
          + ", " + m.test() + ") vs baseline " + c.baselineRun();
      out.add(new TargetResult(m.subject() + " " + metric, "regression", m.subject(), metric, "<=",
          m.minEffectPct() == null ? c.minEffectPct() : m.minEffectPct(),
          m.changePct(), null, "%", pass, detail));
    }
    return out;
  }
}
