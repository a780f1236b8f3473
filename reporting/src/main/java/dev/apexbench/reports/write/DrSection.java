package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Dr;
import java.util.Locale;

/** {@code bench dr}: the drill's timeline, its checks, and RTO/RPO with the projection; the logical backup. */
final class DrSection {
  private DrSection() {}

  static void render(Html h, Page p) {
    Dr dr = p.results().dr();
    if (dr == null) {
      return;
    }
    h.raw("<section>\n").h2("dr", "Disaster recovery drill");
    if (dr.physical()) {
      h.p("note", String.format(Locale.ROOT, "Scale %s (%,d rows). Base backup %s (%.1f MiB) · after a crash, the restore to the end of"
              + " the archive until the first query answered (RTO) %s, its integrity checks %s more · RPO bound (archive_timeout %s plus"
              + " the archiver's lag %s) %s; this crash, %s after a segment switch, lost %d acknowledged writes, the earliest %s before it"
              + " · WAL archived %s segments/min during the writes.",
          Fmt.plain(dr.scale()), dr.rows(), Fmt.withUnit(dr.backupSeconds(), "s"), dr.backupBytes() == null ? 0 : dr.backupBytes() / 1048576.0,
          Fmt.withUnit(dr.rtoSeconds(), "s"), dr.verifySeconds() == null ? "-" : Fmt.withUnit(dr.verifySeconds(), "s"),
          Fmt.withUnit(dr.archiveTimeoutSeconds(), "s"), dr.archiverLagSeconds() == null ? "-" : Fmt.withUnit(dr.archiverLagSeconds(), "s"),
          dr.rpoWorstSeconds() == null ? "-" : Fmt.withUnit(dr.rpoWorstSeconds(), "s"),
          dr.crashAfterSwitchSeconds() == null ? "-" : Fmt.withUnit(dr.crashAfterSwitchSeconds(), "s"), dr.lostWrites() == null ? 0
              : dr.lostWrites(), dr.rpoSeconds() == null ? "-" : Fmt.withUnit(dr.rpoSeconds(), "s"),
          dr.walArchivedPerMinute() == null ? "-" : Fmt.num(dr.walArchivedPerMinute())));
      h.h3("The drill, in order");
      h.raw("<ol>\n<li>A primary with WAL archiving (archive_mode on, archive_command copying to the drill's archive), seeded.</li>\n"
          + "<li>A base backup by PostgreSQL's low-level API: pg_backup_start, a copy of the data directory, pg_backup_stop and its"
          + " backup_label; checked: the label is there and the archive holds every WAL segment it needs.</li>\n<li>Timestamped writes;"
          + " a target time " + Html.esc(dr.pitr() == null ? "-" : dr.pitr().targetTime()) + " in the middle; more writes; a WAL switch;"
          + " writes until the primary is killed (SIGKILL) at a moment drawn at random below archive_timeout after the switch.</li>\n"
          + "<li>The outage: the base backup restored and the archive replayed to its end, timed to the first query (the RTO); the"
          + " writes it brings back against those acknowledged (the loss; every write in an archived segment must come back); every"
          + " integrity check on it, timed apart.</li>\n<li>A restore to the target time (recovery_target_time, promote): the writes"
          + " before it present, those after it absent.</li>\n</ol>\n");
    } else {
      h.p("note", String.format(Locale.ROOT, "Scale %s (%,d rows), on a server bench dr did not start: the logical backup only. Logical"
              + " restore into a scratch database and every check (RTO) %s · RPO not measured (the WAL archive, the crash and the"
              + " point-in-time recovery need servers bench dr starts itself).", Fmt.plain(dr.scale()), dr.rows(),
          Fmt.withUnit(dr.rtoSeconds(), "s")));
    }
    h.tableStart("dr-checks", "check", "pass", "detail");
    for (Dr.Check c : dr.checks()) {
      h.tr(c.pass() ? "" : "bad", Html.cell(Html.esc(c.name())), Html.cell(Html.badge(c.pass())), Html.cell(Html.esc(c.detail())));
    }
    h.tableEnd();
    if (!dr.rtoPoints().isEmpty() || !dr.rtoProjection().isEmpty()) {
      h.tableStart("dr-rto", "#scale", "#rows", "#restore seconds", "how");
      for (Dr.RtoPoint pt : dr.rtoPoints()) {
        h.tr("", Html.num(Fmt.plain(pt.scale())), Html.num(String.format(Locale.ROOT, "%,d", pt.rows())),
            Html.num(pt.seconds() == null ? "-" : Fmt.num(pt.seconds())), Html.cell("measured"));
      }
      for (Dr.RtoPoint pt : dr.rtoProjection()) {
        h.tr("", Html.num(Fmt.plain(pt.scale())), Html.num(String.format(Locale.ROOT, "%,d", pt.rows())),
            Html.num(pt.seconds() == null ? "-" : Fmt.num(pt.seconds())), Html.cell("projected on the line through the measured points"));
      }
      h.tableEnd();
    }
    Dr.Logical l = dr.logicalBackup();
    if (l != null && Dr.Logical.DONE.equals(l.status())) {
      h.h3("Logical backup (pg_dump -Fc -Z9, pg_restore into a scratch database)");
      h.tableStart("dr-logical", "tool", "#dump seconds", "#dump MiB", "#restore seconds", "#check seconds", "scratch database");
      h.tr("", Html.td(l.tool()), Html.num(Fmt.withUnit(l.dumpSeconds(), "")),
          Html.num(l.dumpBytes() == null ? "-" : String.format(Locale.ROOT, "%.1f", l.dumpBytes() / 1048576.0)),
          Html.num(Fmt.withUnit(l.restoreSeconds(), "")), Html.num(Fmt.withUnit(l.verifySeconds(), "")),
          Html.code(l.scratchDatabase() + " (dropped)"));
      h.tableEnd();
      h.p("muted", "Logical backup: " + l.detail());
    } else {
      h.p("muted", "Logical backup: " + dr.logical());
    }
    h.raw("</section>\n");
  }
}
