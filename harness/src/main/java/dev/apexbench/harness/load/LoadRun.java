package dev.apexbench.harness.load;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.ResultsMapper;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.Map;

/** {@code bench load}: a run of the load phase, with the database or over HTTP only. */
public final class LoadRun {
  private LoadRun() {}

  /**
   * @param session the server and dataset, when this command has the database; null to drive a
   *     deployment by URL only
   * @param served with no session: the dataset the deployment serves (its scale and seed decide
   *     every request parameter)
   */
  public static Results run(Workspace ws, SessionRequest session, DatasetSpec served, LoadRequest req, Targets targets, Path reportsRoot)
      throws Exception {
    String profile = req.profile().label();
    RunRecorder rec = ws.begin(reportsRoot, "load", profile, targets);
    rec.settings.profile(profile);
    Results r;
    try {
      if (session != null) {
        try (Session s = rec.phase("provision+seed", () -> Session.open(ws, session))) {
          s.describeInto(rec);
          LoadPhase.Measured m = rec.phase("load", () -> LoadPhase.run(ws, s, s.spec, rec, req, GatlingAssertions.of(targets)));
          rec.load = m.load();
          rec.database = ResultsMapper.database(Map.of("load", m.window()), m.cache());
        }
      } else {
        rec.scale = served.scale();
        rec.seed = served.seed();
        rec.settings.scale(served.scale()).seed(served.seed()).db("(not connected: the load needs only HTTP; pass --db to sample the"
            + " database too)");
        ws.console().say("bench: load against " + req.targetUrl() + " (dataset scale " + served.scaleText() + ", seed " + served.seed()
            + "; no database connection)");
        LoadPhase.Measured m = rec.phase("load", () -> LoadPhase.run(ws, null, served, rec, req, GatlingAssertions.of(targets)));
        rec.load = m.load();
      }
    } finally {
      r = Reporting.finish(ws, rec, targets, null);
    }
    return r;
  }
}
