package dev.apexbench.reports.targets;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Dr;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/** bench dr's targets: the measured RTO and RPO against their limits, integrity and the point-in-time recovery. */
final class DrTargets {
  /** Why the physical drill's measurements are missing on a server bench dr did not start. */
  static final String LOGICAL_ONLY = "not measured: on a server bench dr did not start only the logical backup runs; the WAL archive, the"
      + " crash and the point-in-time recovery need servers it starts itself (--db embedded)";

  private DrTargets() {}

  static List<TargetResult> evaluate(Dr dr, Targets t) {
    List<TargetResult> out = new ArrayList<>();
    if (dr == null) {
      return out;
    }
    if (t.drRto() != null) {
      String what = dr.physical()
          ? "after a crash: the base backup of a " + Fmt.plain(dr.scale()) + "-scale dataset restored and the archive replayed to its end,"
              + " to the first query answered (integrity checks apart: " + (dr.verifySeconds() == null ? "-" : Fmt.withUnit(dr.verifySeconds(), "s"))
              + ")"
          : "logical restore (pg_restore) of a " + Fmt.plain(dr.scale()) + "-scale dataset into a scratch database and every check";
      out.add(row("rto_seconds", t.drRto(), dr.rtoSeconds(), what + ": measured " + Fmt.withUnit(dr.rtoSeconds(), "s") + projection(dr)));
    }
    if (t.drRpo() != null) {
      Double worst = dr.rpoWorstSeconds();
      out.add(row("rpo_seconds", t.drRpo(), worst, worst == null
          ? (dr.physical() ? "not measured in this run" : LOGICAL_ONLY)
          : "the bound on any crash's loss: archive_timeout " + Fmt.withUnit(dr.archiveTimeoutSeconds(), "s") + " plus the archiver's"
              + " measured lag " + Fmt.withUnit(dr.archiverLagSeconds(), "s") + "; this drill's crash, "
              + Fmt.withUnit(dr.crashAfterSwitchSeconds(), "s") + " after a segment switch, lost " + dr.lostWrites() + " acknowledged"
              + " writes, the earliest " + Fmt.withUnit(dr.rpoSeconds(), "s") + " before the crash"));
    }
    if (t.drIntegrity()) {
      List<String> failed = dr.checks().stream().filter(c -> !c.pass()).map(Dr.Check::name).toList();
      out.add(new TargetResult("dr integrity", "dr", "dr", "integrity", ">=", dr.checks().size(),
          (double) (dr.checks().size() - failed.size()), null, "checks", failed.isEmpty(),
          failed.isEmpty() ? "all " + dr.checks().size() + " checks hold" : "failed: " + String.join(", ", failed)));
      boolean v = dr.pitr() != null && dr.pitr().verified();
      out.add(new TargetResult("dr pitr_verified", "dr", "dr", "pitr_verified", ">=", 1, dr.pitr() == null ? null : v ? 1.0 : 0.0, null, "",
          v, dr.pitr() == null ? (dr.physical() ? "not measured: no point-in-time recovery ran" : LOGICAL_ONLY)
              : dr.pitr().presentBefore() + " of " + dr.pitr().writesBefore() + " writes before the target present, "
                  + dr.pitr().presentAfter() + " of " + dr.pitr().writesAfter() + " after it"));
    }
    return out;
  }

  private static String projection(Dr dr) {
    StringBuilder sb = new StringBuilder();
    for (Dr.RtoPoint p : dr.rtoProjection()) {
      if (p.seconds() != null) {
        sb.append(sb.length() == 0 ? "; projected " : ", ").append("scale ").append(Fmt.plain(p.scale())).append(" ")
            .append(Fmt.withUnit(p.seconds(), "s"));
      }
    }
    return sb.toString();
  }

  private static TargetResult row(String metric, Limit l, Double actual, String detail) {
    boolean pass = actual != null && l.test(actual);
    String d = pass || actual == null ? detail : Fmt.withUnit(actual, "s") + " vs limit " + l.describe() + "; " + detail;
    return new TargetResult("dr " + metric, "dr", "dr", metric, l.op().symbol(), l.value(), actual, null, "s", pass, d);
  }
}
