package dev.apexbench.harness.capacity;

import dev.apexbench.db.Provider;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.harness.measure.JmhPhase;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.RunDirectory;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.targets.Statistic;
import dev.apexbench.reports.targets.Targets;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog at each data scale (seeded in turn, then JMH with the smoke profile's short
 * iterations), and per query its growth exponent and projected breach scale.
 */
final class GrowthRun {
  private GrowthRun() {}

  static Capacity growth(Workspace ws, Capacity swept, SessionRequest session, CapacityRequest req, RunRecorder rec, Targets t)
      throws Exception {
    List<CatalogQuery> selected = QueryCatalog.select(req.queries());
    List<Capacity.Scale> measured = new ArrayList<>();
    Map<String, Map<Double, Double>> byQuery = new LinkedHashMap<>();
    Map<String, QueryResult> results = new LinkedHashMap<>();
    for (double sc : req.scales()) {
      ws.console().say("bench: capacity: data scale " + Fmt.plain(sc));
      SessionRequest at = session.atScale(BigDecimal.valueOf(sc));
      try (Session s = Session.open(at, ws.console(), stateDir(ws, session, at))) {
        RunRecorder sub = new RunRecorder(RunDirectory.create(rec.dir.dir.resolve("scales"), "jmh", "smoke"), "jmh", "smoke", ws.home());
        JmhPhase.Measured m = JmhPhase.measure(s, sub, selected, Profile.SMOKE.jmh(1), true, ws.console(), ws.stateDir());
        Map<String, Double> p95 = new LinkedHashMap<>();
        for (var q : m.queries()) {
          p95.put(q.name(), q.p95Ms());
          byQuery.computeIfAbsent(q.name(), k -> new TreeMap<>()).put(sc, q.p95Ms());
          results.putIfAbsent(q.name(), q);
        }
        var info = s.seed.info();
        measured.add(new Capacity.Scale(sc, info.projects() + info.payloads() + info.events(),
            s.seed.reused() ? 0 : Math.round(s.seed.seconds() * 10) / 10.0, p95));
      }
    }
    List<Capacity.Growth> growth = new ArrayList<>();
    for (Map.Entry<String, Map<Double, Double>> e : byQuery.entrySet()) {
      var q = results.get(e.getKey());
      var limit = t.forQuery(q);
      Double limitMs = limit != null && limit.statistic() == Statistic.P95 && limit.op().isUpperBound() ? limit.value() : null;
      growth.add(GrowthFit.fit(e.getKey(), q.queryClass(), e.getValue(), limitMs));
    }
    return (swept == null ? new Capacity("(no rate sweep)", 0, List.of(), null, null, null, CapacityVerdict.KNEE_FACTOR, null, null, null,
        "the rate sweep did not run", Map.of(), null, req.honourAccepted()) : swept).withScales(measured, growth);
  }

  /** Embedded: each scale keeps its own server and dataset (under .apex-bench/scales/<scale>), so a second run reuses them. */
  private static Path stateDir(Workspace ws, SessionRequest original, SessionRequest at) throws java.io.IOException {
    boolean ownDir = original.db().provider() == Provider.EMBEDDED && at.dataset().scale().compareTo(original.dataset().scale()) != 0;
    Path state = ownDir ? ws.stateDir().resolve("scales").resolve(Fmt.plain(at.dataset().scale().doubleValue())) : ws.stateDir();
    Files.createDirectories(state);
    return state;
  }
}
