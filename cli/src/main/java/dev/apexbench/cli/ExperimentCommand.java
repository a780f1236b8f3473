package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Experiment;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench experiment}: schema variants side by side on the same server and dataset scale. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure schema variants one after the other on the same server and dataset scale (explain and JMH each),",
      "and compare every variant with the first: per query p50/p95 and plan side by side, the change with the",
      "statistics of bench compare, index sizes and build times. Informs, does not gate: the exit code is 0",
      "when every variant was measured (each variant's own target verdict is in the results)."
    })
final class ExperimentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;
  @Mixin MeasureOptions measure;
  @Mixin CacheOptions cache;

  @Option(names = "--variants", paramLabel = "V1,V2,...", defaultValue = "report,report+gin,report+jsonb",
      description = "Schema variants to measure, the first the reference; at least two of ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
      split = ",")
  List<String> variants;

  @Option(names = "--with-load", description = "Also drive each variant with the profile's full load through the api (reads and writes,"
      + " as bench load) and show each endpoint group's p95 side by side.")
  boolean withLoad;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    db.spec();
    measure.jmh();
    if (spec.commandLine().getParseResult().hasMatchedOption("--schema-variant")) {
      throw BenchException.usage("--schema-variant: an experiment takes its variants from --variants (allowed: --variants "
          + SchemaVariant.labels().replace(", ", ",") + ")");
    }
    List<SchemaVariant> list = new ArrayList<>();
    for (String v : variants) {
      SchemaVariant sv = SchemaVariant.find(v.strip()).orElseThrow(() -> BenchException.usage("--variants: '" + v.strip()
          + "' is not allowed (allowed: " + SchemaVariant.labels() + ")"));
      if (list.contains(sv)) {
        throw BenchException.usage("--variants: '" + v.strip() + "' is given twice (allowed: each variant once)");
      }
      list.add(sv);
    }
    if (list.size() < 2) {
      throw BenchException.usage("--variants: " + String.join(",", variants) + " names one variant (allowed: at least two, comma-separated)");
    }
    if (db.spec().provider() == dev.apexbench.db.Provider.EXTERNAL && !db.reset) {
      throw BenchException.usage("--reset: an experiment rebuilds the harness schema (apex_bench) for each variant, which on a server"
          + " the harness does not own it does only when told (allowed: add --reset; nothing outside apex_bench is touched)");
    }
    List<CatalogQuery> selected = QueryCatalog.select(measure.queries);
    Targets t = targets.load();
    Targets noGate = Targets.parse("version: 1\n", "(an experiment does not gate)");
    Reporting.judgeWith(noGate);
    Reporting.jsonOutput(output.json);
    Reporting.installInterruptHook(spec.commandLine().getOut());
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(output.reportsRoot(), "experiment", measure.profile.label()), "experiment",
        measure.profile.label());
    measure.describeInto(rec);
    rec.settings.put("variants", list.stream().map(SchemaVariant::label).toList());
    List<Experiment.Variant> measured = new ArrayList<>();
    Results r;
    try {
      Results reference = null;
      for (SchemaVariant v : list) {
        data.variant = v;
        RunRecorder sub = RunRecorder.nested(RunDirectory.create(rec.dir.dir.resolve("variants"), "jmh", measure.profile.label()), "jmh",
            measure.profile.label());
        measure.describeInto(sub);
        Experiment.Variant ev = rec.phase("variant " + v.label(), () -> {
          try (Session s = Session.open(db, data, console)) {
            s.describeInto(rec);
            s.describeInto(sub);
            console.say("bench: experiment: variant " + v.label() + ": explain and jmh");
            List<QueryResult> plans = ExplainCommand.explainAll(s, selected);
            JmhCommand.Measured m = JmhCommand.measure(s, sub, selected, measure.jmh(), cache.prewarm(), console);
            sub.queries = JmhCommand.merge(m.queries(), plans);
            sub.harnessBaseline = m.baseline();
            List<Experiment.Index> indexes = indexes(s);
            List<Experiment.WriteCost> writes = writePath(s, sub, t, console);
            dev.apexbench.reports.model.Load load = null;
            if (withLoad) {
              LoadOptions lo = new LoadOptions();
              lo.simulation = LoadOptions.Sim.FULL;
              lo.connections = 8;
              lo.poolSize = 10;
              console.say("bench: experiment: variant " + v.label() + ": full load");
              load = LoadPhase.run(s, s.spec, sub, measure.profile, lo, TargetsOptions.gatlingAssertions(t), cache.prewarm(), console).load();
            }
            return new Experiment.Variant(v.label(), v.description(), sub.queries, sub.harnessBaseline, indexes,
                indexes.stream().mapToLong(Experiment.Index::bytes).sum(), null, null, null, writes, load);
          }
        });
        sub.load = ev.load();
        Results own = Evaluator.evaluate(sub.results(), t);
        Comparison cmp = null;
        if (reference == null) {
          reference = own;
        } else {
          cmp = Comparator.compare(reference, own, CompareCommand.options(15, 0.1, 0.01, true));
        }
        List<TargetResult> mine = own.targets().stream()
            .filter(x -> x.kind().equals("query") || x.kind().equals("plan") || (withLoad && x.kind().equals("load"))).toList();
        measured.add(new Experiment.Variant(ev.variant(), ev.description(), ev.queries(), ev.harnessBaseline(), ev.indexes(), ev.indexBytes(),
            mine, mine.stream().allMatch(TargetResult::pass) ? "pass" : "fail", cmp, ev.writePath(), ev.load()));
        rec.experiment = new Experiment(List.copyOf(measured));
      }
      if (!output.json) {
        print(spec.commandLine().getOut(), rec.experiment);
      }
    } finally {
      r = Reporting.finish(rec, noGate, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }

  /**
   * The write path on this variant: the api started on it, a warm-up, then write journeys only at
   * the profile's write rate (smoke 5 s, quick 15 s, full 30 s); per write endpoint its client
   * time and the db phase of the api's Server-Timing. The journeys delete what they create.
   */
  private List<Experiment.WriteCost> writePath(Session s, RunRecorder sub, Targets t, Console console) throws Exception {
    Profile.LoadShape shape = measure.profile.load();
    java.time.Duration d = java.time.Duration.ofSeconds(switch (measure.profile.label()) {
      case "smoke" -> 5;
      case "full" -> 30;
      default -> 15;
    });
    double rate = Math.max(2, shape.writeRate());
    var writes = dev.apexbench.gatling.Feeds.writes(s.spec, 128);
    var assertions = TargetsOptions.gatlingAssertions(t);
    console.say(String.format(Locale.ROOT, "bench: experiment: write path, %.0f journeys/s for %d s", rate, d.toSeconds()));
    try (dev.apexbench.api.ApiProcess api = dev.apexbench.api.ApiProcess.start(s.server.connectUrl(), s.server.connectionProperties(),
        dev.apexbench.api.ApiSettings.defaults(), sub.dir.dir.resolve("api.log"))) {
      String base = api.baseUrl();
      dev.apexbench.gatling.GatlingLauncher.warmUp(new dev.apexbench.gatling.LoadPlan(base, 0, rate, java.time.Duration.ofSeconds(5), List.of(),
          Map.of(), writes, assertions), dev.apexbench.gatling.WriteMixSimulation.class, sub.dir.dir);
      var plan = new dev.apexbench.gatling.LoadPlan(base, 0, rate, d, List.of(), Map.of(), writes, assertions);
      var o = dev.apexbench.gatling.GatlingLauncher.run(plan, dev.apexbench.gatling.WriteMixSimulation.class, sub.dir.dir, m -> {}, false);
      var load = LoadMapper.load(measure.profile.label(), "write", plan, o);
      List<Experiment.WriteCost> out = new ArrayList<>();
      for (var e : load.endpoints()) {
        var b = e.breakdown();
        var db = b == null ? null : b.phase("db");
        out.add(new Experiment.WriteCost(e.name(), e.requests(), e.ko(), e.p50Ms(), e.p95Ms(), db == null ? null : db.meanMs(),
            db == null ? null : db.p50Ms(), db == null ? null : db.p95Ms()));
      }
      return out;
    }
  }

  /** The harness tables' indexes: size, and the time to rebuild each (REINDEX), as its build cost. */
  static List<Experiment.Index> indexes(Session s) throws Exception {
    List<Experiment.Index> out = new ArrayList<>();
    try (Connection c = s.server.connect(); Statement st = c.createStatement()) {
      Map<String, String> tables = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT i.relname, t.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
          + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
          + " WHERE n.nspname = current_schema() AND t.relname IN ('projects', 'project_payloads', 'project_events')"
          + " ORDER BY t.relname, i.relname")) {
        while (rs.next()) {
          tables.put(rs.getString(1), rs.getString(2));
        }
      }
      for (Map.Entry<String, String> e : tables.entrySet()) {
        long t0 = System.nanoTime();
        st.execute("REINDEX INDEX \"" + e.getKey().replace("\"", "\"\"") + "\"");
        double ms = (System.nanoTime() - t0) / 1e6;
        long bytes;
        try (ResultSet rs = st.executeQuery("SELECT pg_relation_size('\"" + e.getKey().replace("'", "''").replace("\"", "\"\"") + "\"')")) {
          rs.next();
          bytes = rs.getLong(1);
        }
        out.add(new Experiment.Index(e.getKey(), e.getValue(), bytes, Math.round(ms * 10) / 10.0));
      }
    }
    return out;
  }

  static void print(PrintWriter out, Experiment e) {
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
    out.flush();
  }
}
