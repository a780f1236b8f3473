package dev.apexbench.cli;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Dr;
import dev.apexbench.reports.model.Experiment;
import dev.apexbench.reports.model.QueryResult;
import java.io.PrintWriter;
import java.util.Locale;

/** The planning commands' own tables on stdout (capacity, dr, experiment), printed before the verdict (not with --json). */
final class PlanningTables {
  private PlanningTables() {}

  /** bench capacity: the steps, the sustainable rate, the knee, the bottleneck, the USL, the growth per query. */
  static void capacity(PrintWriter out, Capacity c) {
    if (c == null) {
      return;
    }
    out.printf(Locale.ROOT, "%-7s %10s %10s %7s %7s %7s %7s %9s %6s  %s%n", "phase", "offered", "achieved", "err %", "p50", "p95", "p99",
        "in flight", "pool%", "verdict");
    for (Capacity.Step st : c.steps()) {
      out.printf(Locale.ROOT, "%-7s %10.1f %10.1f %7.2f %7.0f %7.0f %7.0f %9.2f %6s  %s%n", st.phase(), st.offeredRps(), st.achievedRps(),
          st.errorRatePct(), st.p50Ms(), st.p95Ms(), st.p99Ms(), st.concurrency(),
          st.poolUtilizationP95Pct() == null ? "-" : String.format(Locale.ROOT, "%.0f", st.poolUtilizationP95Pct()),
          st.pass() ? "pass" : "fail: " + String.join(", ", st.failed()));
    }
    out.println("max sustainable rate: " + (c.maxSustainableRps() == null ? "none found" : String.format(Locale.ROOT, "%.1f requests/s offered"
        + " (%.1f achieved)", c.maxSustainableRps(), c.maxSustainableAchievedRps())) + "; " + c.note());
    out.println("knee (p95 over " + (int) c.kneeFactor() + "x the lowest step's): " + (c.kneeRps() == null ? "not reached"
        : String.format(Locale.ROOT, "%.1f requests/s", c.kneeRps())));
    if (c.bottleneck() != null) {
      out.println("bottleneck: " + c.bottleneck().name() + " (" + c.bottleneck().evidence() + ")");
    }
    Capacity.Usl u = c.usl();
    if (u != null) {
      out.println(u.sigma() == null ? "USL: " + u.note() : String.format(Locale.ROOT, "USL: sigma %.4f, kappa %.6f, lambda %.1f rps, R2 %.3f"
          + " over %d steps%s; %s", u.sigma(), u.kappa(), u.lambda(), u.r2() == null ? Double.NaN : u.r2(), u.points(),
          u.peakRps() == null ? "" : String.format(Locale.ROOT, "; peak %.0f rps at %.1f in flight", u.peakRps(), u.peakConcurrency()), u.note()));
    }
    for (Capacity.Growth g : c.growth()) {
      out.printf(Locale.ROOT, "growth %-34s p95 %s  exponent %s  %s%n", g.query(), g.p95ByScale(),
          g.growthExponent() == null ? "-" : String.format(Locale.ROOT, "%.2f", g.growthExponent()), g.note());
    }
  }

  /** bench dr: the drill's figures, its checks, the projected restore times. */
  static void dr(PrintWriter out, Dr dr) {
    if (dr == null) {
      return;
    }
    if (dr.physical()) {
      out.printf(Locale.ROOT, "scale %s (%,d rows): base backup %.1f s, %.1f MiB; after a crash, restore to the end of the archive (RTO)"
          + " %.1f s, checks %.1f s more; RPO bound %.1f s (archive_timeout %.0f s + archiver lag %.2f s); this crash, %.1f s after a"
          + " switch, lost %d writes (%.1f s); WAL archived %.1f segments/min%n", Fmt.plain(dr.scale()), dr.rows(), dr.backupSeconds(),
          dr.backupBytes() / 1048576.0, dr.rtoSeconds(), dr.verifySeconds(), dr.rpoWorstSeconds(), dr.archiveTimeoutSeconds(),
          dr.archiverLagSeconds(), dr.crashAfterSwitchSeconds(), dr.lostWrites(), dr.rpoSeconds(), dr.walArchivedPerMinute());
    } else {
      out.printf(Locale.ROOT, "scale %s (%,d rows): logical restore and verification (RTO) %.1f s; RPO not measured (the physical drill"
          + " runs only on servers bench dr starts: --db embedded)%n", Fmt.plain(dr.scale()), dr.rows(), dr.rtoSeconds());
    }
    for (Dr.Check c : dr.checks()) {
      out.printf(Locale.ROOT, "  %-4s %-44s %s%n", c.pass() ? "ok" : "FAIL", c.name(), c.detail());
    }
    for (Dr.RtoPoint p : dr.rtoProjection()) {
      out.printf(Locale.ROOT, "  projected restore at scale %s (%,d rows): %s%n", Fmt.plain(p.scale()), p.rows(),
          p.seconds() == null ? "-" : String.format(Locale.ROOT, "%.0f s", p.seconds()));
    }
    out.println("  logical backup: " + dr.logical());
  }

  /** bench experiment: per query the p95 of each variant, each variant against the first, the write path. */
  static void experiment(PrintWriter out, Experiment e) {
    if (e == null || e.variants().isEmpty()) {
      return;
    }
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-32s", "query (p95 ms)"));
    for (Experiment.Variant v : e.variants()) {
      head.append(String.format(Locale.ROOT, " %16s", v.variant()));
    }
    out.println(head);
    for (QueryResult q : e.variants().get(0).queries()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-32s", q.name()));
      for (Experiment.Variant v : e.variants()) {
        QueryResult m = v.queries().stream().filter(x -> x.name().equals(q.name())).findFirst().orElse(null);
        String plan = m == null || m.plan() == null ? "" : m.plan().violation() ? " !" : "";
        row.append(String.format(Locale.ROOT, " %16s", m == null || m.p95Ms() == null ? "-" : Fmt.num(m.p95Ms()) + plan));
      }
      out.println(row);
    }
    for (Experiment.Variant v : e.variants()) {
      out.printf(Locale.ROOT, "%s: targets %s, indexes %s%s%n", v.variant(), v.verdict(), String.format(Locale.ROOT, "%.1f MiB", v.indexBytes() / 1048576.0),
          v.comparison() == null ? " (the reference)" : "; against " + e.variants().get(0).variant() + ": "
              + v.comparison().metrics().stream().filter(m -> Comparison.IMPROVEMENT.equals(m.verdict())).count() + " improvements, "
              + v.comparison().metrics().stream().filter(m -> Comparison.REGRESSION.equals(m.verdict())).count() + " regressions");
    }
    for (Experiment.Variant v : e.variants()) {
      if (v.writePath() != null) {
        for (Experiment.WriteCost w : v.writePath()) {
          out.printf(Locale.ROOT, "%s write %-44s requests %4d  p95 %4.0f ms  db mean %s ms%n", v.variant(), w.endpoint(), w.requests(),
              w.p95Ms(), w.dbMeanMs() == null ? "-" : String.format(Locale.ROOT, "%.3f", w.dbMeanMs()));
        }
      }
    }
  }
}
