package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import java.util.List;
import java.util.Locale;

/** The baseline comparison: a forest plot of changes with their intervals, and the table. */
final class ComparisonSection {

  private ComparisonSection() {}

  static void render(Html h, Page p) {
    Comparison c = p.results().comparison();
    if (c == null) {
      return;
    }
    h.raw("<section>\n").h2("comparison", "Compared with baseline " + c.baselineRun() + ": " + c.verdict());
    h.p("note", "The test compares per-unit values (the p50 and p95 of each JMH iteration, of each load interval), because"
        + " they vary between runs the way runs vary; single latencies of one run are not independent draws. A metric regressed"
        + " when its Mann-Whitney test stays significant after Holm's correction over all " + (c.metrics() == null ? 0 : c.metrics().size())
        + " metrics (p(Holm) < " + Fmt.plain(c.alpha()) + ") and it is slower by more than " + Fmt.plain(c.minEffectPct()) + " % and by more than "
        + Fmt.plain(c.minEffectMs()) + " ms (1 ms for load endpoints, their resolution); improvements likewise. Intervals are "
        + Fmt.plain(100 * (1 - c.alpha())) + " % bootstrap intervals over the units: they show this run's spread, not the drift"
        + " between runs, which only the minimum effects guard against. \"Can see\" is the smallest change each metric could"
        + " have detected with its samples: a smaller one passes unseen. The shaded band is the minimum effect.");
    if (c.forced() && c.mismatches() != null && !c.mismatches().isEmpty()) {
      h.p("alert", "Compared despite differences (--force): " + String.join("; ", c.mismatches()));
    }
    if (c.notes() != null) {
      for (String n : c.notes()) {
        h.p("muted", n);
      }
    }
    if (c.metrics() == null || c.metrics().isEmpty()) {
      h.p("muted", "No metric was found in both runs.");
      h.raw("</section>\n");
      return;
    }
    List<MetricChange> work = c.metrics().stream().filter(ComparisonSection::isWork).toList();
    List<MetricChange> timed = c.metrics().stream().filter(m -> !isWork(m)).toList();
    ObjectNode d = p.data().putObject("comparison");
    d.put("minEffect", c.minEffectPct());
    ArrayNode rows = d.putArray("metrics");
    for (MetricChange m : timed) {
      ObjectNode r = rows.addObject();
      r.put("label", m.subject() + " " + m.metric().replace("_ms", ""));
      r.put("change", round(m.changePct()));
      r.put("lo", m.ciLowPct() == null ? null : round(m.ciLowPct()));
      r.put("hi", m.ciHighPct() == null ? null : round(m.ciHighPct()));
      r.put("verdict", m.verdict());
    }
    h.chart("chart-comparison", 70 + 22 * timed.size());
    List<MetricChange> changed = timed.stream().filter(m -> !Comparison.NO_CHANGE.equals(m.verdict())).toList();
    if (changed.isEmpty()) {
      h.p("ok", "No latency or error rate changed beyond the minimum effect with significance.");
    } else {
      table(h, changed);
    }
    h.raw("<details><summary>All compared latencies and error rates (" + timed.size() + ")</summary>\n");
    table(h, timed);
    h.raw("</details>\n");
    if (!work.isEmpty()) {
      h.h3("Work counters");
      h.p("note", "What the server did per call: blocks per execution (pg_stat_statements over the JMH window, and the plan guard's"
          + " EXPLAIN on fixed parameter sets), the plans' shapes, and per load endpoint the statements and blocks per request. They do"
          + " not move with the machine's noise, so each is judged by a rule, not a test: beyond its tolerance is a regression (or an"
          + " improvement), and a changed plan shape is a regression unless the plan's blocks fell.");
      List<MetricChange> workChanged = work.stream().filter(m -> !Comparison.NO_CHANGE.equals(m.verdict())).toList();
      if (workChanged.isEmpty()) {
        h.p("ok", "No work counter moved beyond its tolerance; every plan kept its shape.");
      } else {
        workTable(h, workChanged);
      }
      h.raw("<details><summary>All work counters (" + work.size() + ")</summary>\n");
      workTable(h, work);
      h.raw("</details>\n");
    }
    h.raw("</section>\n");
  }

  /** The work counters bench compare judges by rule. */
  static boolean isWork(MetricChange m) {
    return Comparison.isWork(m.metric());
  }

  private static void workTable(Html h, List<MetricChange> metrics) {
    h.tableStart(null, "subject", "counter", "#baseline", "#current", "#change", "#tolerance", "how", "verdict");
    for (MetricChange m : metrics) {
      String cls = Comparison.REGRESSION.equals(m.verdict()) ? "bad" : Comparison.IMPROVEMENT.equals(m.verdict()) ? "good" : "";
      boolean sig = m.metric().equals("plan_signature");
      h.tr(cls, Html.code(m.subject()), Html.td(m.metric()), Html.num(sig ? "-" : Fmt.num(m.baseline())),
          Html.num(sig ? Fmt.num(m.current()) + " of " + m.nCurrent() + " changed" : Fmt.num(m.current())), Html.num(Fmt.change(m.changePct())),
          Html.num(sig ? "any change" : m.minEffectPct() == null ? "-" : Fmt.num(m.minEffectPct()) + " %"), Html.td(m.test()),
          Html.td(m.verdict()));
    }
    h.tableEnd();
  }

  private static void table(Html h, List<MetricChange> metrics) {
    h.tableStart(null, "subject", "metric", "#baseline", "#current", "#change", "#interval", "#p", "#p(Holm)", "#can see",
        "#min effect", "test", "verdict");
    for (MetricChange m : metrics) {
      String cls = Comparison.REGRESSION.equals(m.verdict()) ? "bad" : Comparison.IMPROVEMENT.equals(m.verdict()) ? "good" : "";
      h.tr(cls, Html.code(m.subject()), Html.td(m.metric()), Html.num(Fmt.ms(m.baseline())), Html.num(Fmt.ms(m.current())),
          Html.num(Fmt.change(m.changePct())),
          Html.num(m.ciLowPct() == null ? "-" : Fmt.change(m.ciLowPct()) + " .. " + Fmt.change(m.ciHighPct())),
          Html.num(m.pValue() == null ? "-" : String.format(Locale.ROOT, "%.2g", m.pValue())),
          Html.num(m.pAdjusted() == null ? "-" : String.format(Locale.ROOT, "%.2g", m.pAdjusted())),
          Html.num(sees(m)), Html.num(m.minEffectPct() == null ? "-" : Fmt.num(m.minEffectPct()) + " %, " + Fmt.ms(m.minEffectMs())
              + (m.minEffectFrom() == null ? "" : " (" + m.minEffectFrom() + ")")), Html.td(m.test()), Html.td(m.verdict()));
    }
    h.tableEnd();
  }

  /** "cannot see changes smaller than 0.12 ms (+11 %)", for people: the metric's blind spot. */
  static String sees(MetricChange m) {
    if (m.pValue() == null) {
      return "not tested";
    }
    if (m.detectableMs() == null) {
      return "nothing (too few " + (m.unit() == null ? "units" : m.unit() + "s") + ")";
    }
    return ">= " + Fmt.ms(m.detectableMs()) + (m.detectablePct() == null ? "" : " (" + Fmt.change(m.detectablePct()) + ")");
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
