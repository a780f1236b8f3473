package dev.apexbench.cli;

import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Plan;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The measuring commands' own tables on stdout, printed before the verdict (not with --json). */
final class Tables {
  private Tables() {}

  /** bench explain: per query its intended index, what the plan uses, and the check. */
  static void explain(PrintWriter out, Results r) {
    if (r.queries() == null) {
      return;
    }
    out.printf(Locale.ROOT, "%-34s %-12s %-36s %-44s %8s %9s  %s%n", "query", "class", "intended", "plan uses", "rows", "exec_ms", "check");
    for (QueryResult q : r.queries()) {
      Plan p = q.plan();
      if (p == null) {
        continue;
      }
      String uses = p.indexesUsed().isEmpty()
          ? String.join(", ", p.nodeTypes().stream().filter(t -> t.contains("Scan")).toList()) + " on " + String.join(", ", p.relations())
          : String.join(", ", p.indexesUsed());
      String check = p.violation() ? "VIOLATION: " + failing(p) : p.usesIntendedIndex() == null ? "no index can serve it"
          : "ok (" + (p.checks() == null ? 1 : p.checks().size()) + " plans)";
      out.printf(Locale.ROOT, "%-34s %-12s %-36s %-44s %8d %9.3f  %s%n", q.name(), q.queryClass(), p.intended() == null ? "(none)"
          : p.intended(), truncate(uses, 44), p.rows(), p.executionMs(), check + (Boolean.TRUE.equals(p.genericPlan()) ? " (generic plan)"
          : ""));
    }
  }

  /** The first failing (mode, parameter set) and why. */
  private static String failing(Plan p) {
    if (p.checks() == null) {
      return "";
    }
    List<Plan.Check> bad = p.checks().stream().filter(c -> !c.pass()).toList();
    if (bad.isEmpty()) {
      return "";
    }
    var c = bad.get(0);
    return c.mode() + ", " + c.paramSet() + ": " + c.reason() + (bad.size() > 1 ? " (+" + (bad.size() - 1) + " more)" : "");
  }

  /** bench jmh: per query its samples and percentiles, and the database over the window. */
  static void jmh(PrintWriter out, Results r) {
    if (r.queries() == null || r.database() == null) {
      return;
    }
    out.printf(Locale.ROOT, "%-34s %-12s %9s %9s %9s %9s %9s %9s %10s%n", "query", "class", "samples", "mean_ms", "p50_ms", "p95_ms", "p99_ms",
        "max_ms", "±99.9%_ms");
    List<QueryResult> rows = new ArrayList<>(r.queries());
    if (r.harnessBaseline() != null) {
      rows.add(r.harnessBaseline());
    }
    for (QueryResult q : rows) {
      if (q.samples() == null) {
        continue;
      }
      out.printf(Locale.ROOT, "%-34s %-12s %9d %9.3f %9.3f %9.3f %9.3f %9.3f %10s%n", q.name(), q.queryClass(), q.samples(), q.meanMs(),
          q.p50Ms(), q.p95Ms(), q.p99Ms(), q.maxMs(), q.meanErrorMs() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", q.meanErrorMs()));
    }
    Database d = r.database();
    out.printf(Locale.ROOT, "database over the jmh window%s: index hit rate %s, cache hit rate %s, index scans %s of scans%n",
        d.cacheLabel(), pct(d.indexHitRate()), pct(d.cacheHitRate()), pct(d.indexScanRatio()));
  }

  /** bench load and bench merge: per endpoint and the total, then the rates. */
  static void load(PrintWriter out, Results r) {
    Load l = r.load();
    if (l == null) {
      return;
    }
    out.printf(Locale.ROOT, "%-48s %-12s %9s %6s %8s %8s %8s %8s %8s%n", "endpoint", "group", "requests", "ko", "rps", "p50_ms", "p95_ms",
        "p99_ms", "max_ms");
    List<Endpoint> rows = new ArrayList<>(l.endpoints());
    rows.add(l.total());
    for (Endpoint e : rows) {
      out.printf(Locale.ROOT, "%-48s %-12s %9d %6d %8.1f %8.1f %8.1f %8.1f %8.1f%n", truncate(e.name(), 48), e.group(), e.requests(), e.ko(),
          e.rps(), e.p50Ms(), e.p95Ms(), e.p99Ms(), e.maxMs());
    }
    if (l.total().ko() > 0) {
      out.println("failed requests by answer: " + l.total().koByStatus());
    }
    out.printf(Locale.ROOT, "scheduled %.1f req/s, achieved %.1f req/s; %s%n", l.scheduledRps(), l.achievedRps(), l.rateNote());
    if (l.gatlingReport() != null) {
      out.println("Gatling's report: " + l.gatlingReport() + " (in the run directory)");
    }
  }

  /** bench compare: per metric the change, the tests and the verdict; then the work counters, each against its tolerance. */
  static void comparison(PrintWriter out, Comparison c) {
    out.printf(Locale.ROOT, "%-40s %-14s %12s %12s %9s %9s %9s %14s %16s  %s%n", "subject", "metric", "baseline", "current", "change", "p",
        "p(Holm)", "can see >=", "min effect", "verdict");
    boolean calibrated = false;
    for (Comparison.MetricChange m : c.metrics()) {
      if (Comparison.isWork(m.metric())) {
        continue;
      }
      String sees = m.pValue() == null ? "not tested" : m.detectableMs() == null ? "nothing"
          : String.format(Locale.ROOT, "%.3g ms", m.detectableMs());
      String min = m.minEffectPct() == null ? "" : String.format(Locale.ROOT, "%.3g%%%s", m.minEffectPct(),
          m.minEffectFrom() != null && !m.minEffectFrom().startsWith("--") ? " (cal)" : "");
      calibrated |= min.endsWith("(cal)");
      out.printf(Locale.ROOT, "%-40s %-14s %12.3f %12.3f %+8.1f%% %9s %9s %14s %16s  %s%n", truncate(m.subject(), 40), m.metric(), m.baseline(),
          m.current(), m.changePct(), m.pValue() == null ? "" : String.format(Locale.ROOT, "%.3g", m.pValue()),
          m.pAdjusted() == null ? "" : String.format(Locale.ROOT, "%.3g", m.pAdjusted()), sees, min, m.verdict());
    }
    List<Comparison.MetricChange> work = c.metrics().stream().filter(m -> Comparison.isWork(m.metric())).toList();
    if (!work.isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "%-40s %-26s %12s %12s %9s %10s  %s%n", "work (per call)", "counter", "baseline", "current", "change", "tolerance",
          "verdict");
      for (Comparison.MetricChange m : work) {
        boolean signature = m.metric().equals("plan_signature");
        out.printf(Locale.ROOT, "%-40s %-26s %12s %12s %+8.1f%% %10s  %s%n", truncate(m.subject(), 40), m.metric(),
            signature ? "" : String.format(Locale.ROOT, "%.3f", m.baseline()),
            signature ? String.format(Locale.ROOT, "%.0f of %d", m.current(), m.nCurrent()) : String.format(Locale.ROOT, "%.3f", m.current()),
            m.changePct(), signature ? "changed" : m.minEffectPct() == null ? "" : String.format(Locale.ROOT, "%.3g%%", m.minEffectPct()),
            m.verdict());
        if (signature && m.current() > 0) {
          String t = m.test();
          int i = t.indexOf("; no longer uses");
          int j = t.indexOf("; now");
          int k = i >= 0 ? i : j;
          out.println("    " + (k >= 0 ? t.substring(k + 2) : "the plan's shape changed"));
        }
      }
    }
    for (String mismatch : c.mismatches()) {
      out.println("differs (forced): " + mismatch);
    }
    c.notes().forEach(n -> out.println("note: " + n));
    out.printf(Locale.ROOT, "verdict: %s (minimum effect %s; alpha %s over all metrics, Holm-corrected; work counters by rule)%n", c.verdict(),
        calibrated ? "per metric from the calibration where it has the metric (cal), else " + String.format(Locale.ROOT, "%.0f %% and %s ms",
            c.minEffectPct(), c.minEffectMs()) : String.format(Locale.ROOT, "%.0f %% and %s ms", c.minEffectPct(), c.minEffectMs()), c.alpha());
  }

  static String pct(Double v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
