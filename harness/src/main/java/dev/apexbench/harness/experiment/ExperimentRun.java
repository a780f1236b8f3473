package dev.apexbench.harness.experiment;

import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.harness.load.GatlingAssertions;
import dev.apexbench.harness.load.LoadPhase;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.measure.ExplainPhase;
import dev.apexbench.harness.measure.JmhPhase;
import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.RunDirectory;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Experiment;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench experiment}: schema variants one after the other on the same server and dataset
 * scale, each measured (explain, JMH, index sizes, the write path, optionally the full load) and
 * compared with the first by bench compare's statistics. Informs, does not gate.
 */
public final class ExperimentRun {
  /** How variants are compared with the first: bench compare's defaults, forced (the variants differ by design). */
  static final CompareOptions COMPARE = new CompareOptions(15, 0.1, 0.01, true);

  private ExperimentRun() {}

  /**
   * @param session the server and dataset; its variant is replaced by each of {@code variants}
   * @param targets each variant's own targets (reported, not gating)
   * @param withLoad also drive each variant with the profile's full load
   */
  public static Results run(Workspace ws, SessionRequest session, List<SchemaVariant> variants, MeasureRequest measure, boolean prewarm,
      boolean withLoad, Targets targets, Path reportsRoot) throws Exception {
    List<CatalogQuery> selected = measure.selected();
    Targets noGate = Targets.parse("version: 1\n", "(an experiment does not gate)");
    String profile = measure.profile().label();
    RunRecorder rec = ws.begin(reportsRoot, "experiment", profile, noGate);
    measure.describeInto(rec);
    rec.settings.variants(variants.stream().map(SchemaVariant::label).toList());
    List<Experiment.Variant> measured = new ArrayList<>();
    Results r;
    try {
      Results reference = null;
      for (SchemaVariant v : variants) {
        RunRecorder sub = new RunRecorder(RunDirectory.create(rec.dir.dir.resolve("variants"), "jmh", profile), "jmh", profile, ws.home());
        measure.describeInto(sub);
        Experiment.Variant ev = rec.phase("variant " + v.label(), () -> variant(ws, session.withVariant(v), rec, sub, selected, measure,
            prewarm, withLoad, targets));
        sub.load = ev.load();
        Results own = Evaluator.evaluate(sub.results(), targets);
        Comparison cmp = null;
        if (reference == null) {
          reference = own;
        } else {
          cmp = Comparator.compare(reference, own, COMPARE);
        }
        List<TargetResult> mine = own.targets().stream()
            .filter(x -> x.kind().equals("query") || x.kind().equals("plan") || (withLoad && x.kind().equals("load"))).toList();
        measured.add(new Experiment.Variant(ev.variant(), ev.description(), ev.queries(), ev.harnessBaseline(), ev.indexes(), ev.indexBytes(),
            mine, mine.stream().allMatch(TargetResult::pass) ? "pass" : "fail", cmp, ev.writePath(), ev.load()));
        rec.experiment = new Experiment(List.copyOf(measured));
      }
    } finally {
      r = Reporting.finish(ws, rec, noGate, null);
    }
    return r;
  }

  /** One variant: its server and dataset, plans, JMH, indexes, write path and (optionally) the full load. */
  private static Experiment.Variant variant(Workspace ws, SessionRequest session, RunRecorder rec, RunRecorder sub, List<CatalogQuery> selected,
      MeasureRequest measure, boolean prewarm, boolean withLoad, Targets targets) throws Exception {
    SchemaVariant v = session.variant();
    try (Session s = Session.open(ws, session)) {
      s.describeInto(rec);
      s.describeInto(sub);
      ws.console().say("bench: experiment: variant " + v.label() + ": explain and jmh");
      List<QueryResult> plans = ExplainPhase.explainAll(s, selected);
      JmhPhase.Measured m = JmhPhase.measure(s, sub, selected, measure.jmh(), prewarm, ws.console(), ws.stateDir());
      sub.queries = JmhPhase.merge(m.queries(), plans);
      sub.harnessBaseline = m.baseline();
      List<Experiment.Index> indexes = Indexes.measure(s);
      List<Experiment.WriteCost> writes = WritePath.measure(s, sub, measure.profile(), targets, ws.console());
      Load load = null;
      if (withLoad) {
        LoadRequest lo = LoadRequest.of(measure.profile());
        lo = new LoadRequest(lo.profile(), null, null, null, lo.simulation(), lo.connections(), false, null, lo.poolSize(), null, null, null,
            null, prewarm, null);
        ws.console().say("bench: experiment: variant " + v.label() + ": full load");
        load = LoadPhase.run(ws, s, s.spec, sub, lo, GatlingAssertions.of(targets)).load();
      }
      return new Experiment.Variant(v.label(), v.description(), sub.queries, sub.harnessBaseline, indexes,
          indexes.stream().mapToLong(Experiment.Index::bytes).sum(), null, null, null, writes, load);
    }
  }
}
