package dev.apexbench.harness.measure;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.ResultsMapper;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code bench explain} and {@code bench jmh}: a run of the plan guard, or of per-query latency. */
public final class MeasureRun {
  private MeasureRun() {}

  /** The plan guard over the selected queries; a violation fails the run unless the targets allow it. */
  public static Results explain(Workspace ws, SessionRequest session, String queries, Targets targets, Path reportsRoot)
      throws Exception {
    List<CatalogQuery> selected = dev.apexbench.db.catalog.QueryCatalog.select(queries);
    RunRecorder rec = ws.begin(reportsRoot, "explain", null, targets);
    rec.settings.queries(queries == null ? "*" : queries);
    Results r;
    try (Session s = rec.phase("provision+seed", () -> Session.open(ws, session))) {
      s.describeInto(rec);
      rec.queries = rec.phase("explain", () -> ExplainPhase.explainAll(s, selected));
    } finally {
      r = Reporting.finish(ws, rec, targets, null);
    }
    return r;
  }

  /** Plans, then JMH over the selected queries beside a {@code SELECT 1} baseline, with the database's window. */
  public static Results jmh(Workspace ws, SessionRequest session, MeasureRequest measure, boolean prewarm, Targets targets,
      Path reportsRoot) throws Exception {
    List<CatalogQuery> selected = measure.selected();
    RunRecorder rec = ws.begin(reportsRoot, "jmh", measure.profile().label(), targets);
    measure.describeInto(rec);
    Results r;
    try (Session s = rec.phase("provision+seed", () -> Session.open(ws, session))) {
      s.describeInto(rec);
      List<QueryResult> plans = rec.phase("explain", () -> ExplainPhase.explainAll(s, selected));
      rec.queries = plans; // kept if JMH is interrupted
      JmhPhase.Measured m = rec.phase("jmh", () -> JmhPhase.measure(s, rec, selected, measure.jmh(), prewarm, ws.console(), ws.stateDir()));
      rec.queries = JmhPhase.merge(m.queries(), plans);
      rec.harnessBaseline = m.baseline();
      rec.database = ResultsMapper.database(Map.of("jmh", m.window()), m.cache());
    } finally {
      r = Reporting.finish(ws, rec, targets, null);
    }
    return r;
  }
}
