package dev.apexbench.harness;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.harness.dr.Drill;
import dev.apexbench.harness.dr.DrillSettings;
import dev.apexbench.harness.load.GatlingAssertions;
import dev.apexbench.harness.load.LoadPhase;
import dev.apexbench.harness.measure.ExplainPhase;
import dev.apexbench.harness.measure.JmhPhase;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.ResultsMapper;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.compare.CompareException;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench run}'s phases in their order: provision and seed, explain, JMH, load (unless left
 * out), the drill (when asked), then the comparison with a baseline and the report. A failed
 * phase still leaves results: the later phases are marked skipped and the failure is rethrown
 * after the run's files are written.
 */
public final class Pipeline {
  private final Workspace ws;
  private final RunRequest req;

  public Pipeline(Workspace ws, RunRequest req) {
    this.ws = ws;
    this.req = req;
  }

  public Results run() throws Exception {
    List<CatalogQuery> selected = req.measure().selected();
    String profile = req.measure().profile().label();
    RunRecorder rec = ws.begin(req.reportsRoot(), "run", profile, req.targets());
    req.measure().describeInto(rec);
    rec.settings.gate(req.gate());
    ws.console().say("bench: run " + rec.dir.id + " (profile " + profile + ")");
    List<String> remaining = new ArrayList<>(List.of("explain", "jmh", "load"));
    if (req.load() == null) {
      remaining.remove("load");
      rec.skipped("load", "--skip-load");
    }
    Exception failure = null;
    try {
      measure(rec, selected, remaining);
    } catch (Exception e) {
      failure = e;
      for (String p : remaining) {
        if (!p.equals(rec.failedPhase)) {
          rec.skipped(p, "not run: phase " + rec.failedPhase + " failed");
        }
      }
    }
    if (req.withDr() && failure == null) {
      try {
        DrillSettings ds = DrillSettings.of(req.measure().profile(), req.session().dataset(), false, null);
        rec.dr = rec.phase("dr", () -> new Drill(ds, ws.stateDir().resolve("dr"), ws.console()).run());
      } catch (Exception e) {
        failure = e;
      }
    }
    Results r = Reporting.finish(ws, rec, req.targets(), compare(rec));
    if (failure != null) {
      throw failure; // one line, exit 2; the partial results are written
    }
    return r;
  }

  /** Provision and seed, explain, JMH and the load, each phase recorded; {@code remaining} loses each phase that ran. */
  private void measure(RunRecorder rec, List<CatalogQuery> selected, List<String> remaining) throws Exception {
    try (Session s = rec.phase("provision+seed", () -> Session.open(ws, req.session()))) {
      s.describeInto(rec);
      List<QueryResult> plans = rec.phase("explain", () -> ExplainPhase.explainAll(s, selected));
      remaining.remove("explain");
      rec.queries = plans;
      JmhPhase.Measured m = rec.phase("jmh", () -> JmhPhase.measure(s, rec, selected, req.measure().jmh(), req.prewarm(), ws.console(),
          ws.stateDir()));
      remaining.remove("jmh");
      rec.queries = JmhPhase.merge(m.queries(), plans);
      rec.harnessBaseline = m.baseline();
      Map<String, StatsWindow> windows = new LinkedHashMap<>();
      windows.put("jmh", m.window());
      rec.database = ResultsMapper.database(windows, m.cache());
      if (req.load() != null) {
        LoadPhase.Measured l = rec.phase("load", () -> LoadPhase.run(ws, s, s.spec, rec, req.load(), GatlingAssertions.of(req.targets())));
        remaining.remove("load");
        rec.load = l.load();
        windows.put("load", l.window());
        rec.database = ResultsMapper.database(windows, l.cache());
      }
    }
  }

  /** The comparison with the baseline, or null; a baseline that cannot be compared is a usage error (after the run's files are written). */
  private Comparison compare(RunRecorder rec) {
    if (req.baseline() == null) {
      return null;
    }
    var cal = req.compare().calibrated();
    if (cal != null && cal.comparabilityKey() != null && !cal.comparabilityKey().equals(Comparator.comparabilityKey(rec.results()))) {
      Reporting.finish(ws, rec, req.targets(), null);
      throw BenchException.usage("--calibration: " + cal.source() + " was measured on another dataset, server, settings or machine than this"
          + " run (what bench run could not check before measuring; allowed: a calibration of this profile, dataset and machine)");
    }
    try {
      return Comparator.compare(req.baseline(), rec.results(), req.compare());
    } catch (CompareException e) {
      Reporting.finish(ws, rec, req.targets(), null);
      throw BenchException.usage("--baseline: " + e.getMessage());
    }
  }
}
