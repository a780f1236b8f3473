package dev.apexbench.harness.dr;

import dev.apexbench.db.DbSpec;
import dev.apexbench.db.ExternalServer;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;

/** {@code bench dr}: the drill on servers it starts, or the logical backup only on an existing server. */
public final class DrRun {
  private DrRun() {}

  /** The full drill on servers it starts under the workspace's {@code .apex-bench/dr/}. */
  public static Results physical(Workspace ws, Profile profile, DrillSettings ds, Targets targets, Path reportsRoot) throws Exception {
    RunRecorder rec = ws.begin(reportsRoot, "dr", profile.label(), targets);
    var d = ds.spec();
    rec.scale = d.scale();
    rec.seed = d.seed();
    rec.schemaVariant = "report";
    rec.settings.profile(profile.label()).scale(d.scale()).seed(d.seed());
    if (ds.image() != null) {
      rec.settings.drImage(ds.image());
    }
    rec.settings.drArchiveTimeoutSeconds(ds.archiveTimeoutSeconds()).drWriteSeconds(ds.writeSeconds());
    Results r;
    try {
      rec.dr = rec.phase("dr", () -> new Drill(ds, ws.stateDir().resolve("dr"), ws.console()).run());
    } finally {
      r = Reporting.finish(ws, rec, targets, null);
    }
    return r;
  }

  /**
   * Before anything is created on an existing server: its version, the role's right to create the
   * scratch database, and a client of the server's major or newer (one line, exit 2, otherwise).
   */
  public static PgTools.Local checkLogical(Workspace ws, DbSpec db, Path pgBin) {
    ExternalServer probe = ExternalServer.open(db);
    PgTools.ServerVersion v = PgTools.serverVersion(probe);
    PgTools.requireCreatedb(probe);
    PgTools.Local local = PgTools.require(pgBin, v);
    ws.console().say("bench: dr: PostgreSQL " + v.text() + " at " + db.safeUrl() + ": the logical backup only (the physical drill needs"
        + " servers it starts: --db embedded), with " + local.version() + " " + local.where());
    return local;
  }

  /**
   * On a server the drill did not start: the dataset made sure of as by the other commands, dumped,
   * restored into a scratch database, checked, and the database dropped.
   */
  public static Results logical(Workspace ws, Profile profile, SessionRequest session, PgTools.Local tools, boolean keep, Targets targets,
      Path reportsRoot) throws Exception {
    try (Session s = Session.open(ws, session)) {
      PgTools.ServerVersion v = PgTools.serverVersion(s.server);
      RunRecorder rec = ws.begin(reportsRoot, "dr", profile.label(), targets);
      s.describeInto(rec);
      rec.settings.profile(profile.label()).drMode("logical").drPgDump(tools.version());
      Results r;
      try {
        rec.dr = rec.phase("dr", () -> LogicalBackup.drill(s, tools, v, ws.stateDir().resolve("dr"), keep, ws.console()));
      } finally {
        r = Reporting.finish(ws, rec, targets, null);
      }
      return r;
    }
  }
}
