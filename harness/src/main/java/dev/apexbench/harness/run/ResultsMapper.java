package dev.apexbench.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.DatasetInfo;
import dev.apexbench.db.ServerFacts;
import dev.apexbench.db.explain.PlanSummary;
import dev.apexbench.db.metrics.StatsWindow;
import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.DbInfo;
import dev.apexbench.reports.model.DbWindow;
import dev.apexbench.reports.model.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Maps the measuring modules' own records onto the results.json model. */
public final class ResultsMapper {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultsMapper() {}

  public static DbInfo db(ServerFacts f) {
    return new DbInfo(f.provider(), f.url(), f.serverVersion(), f.versionString(), f.settings(), f.hasPgStatStatements());
  }

  public static Datagen datagen(Seeder.Outcome o) {
    DatasetInfo i = o.info();
    return new Datagen(
        i.projects(), i.payloads(), i.events(), o.reused() ? i.loadSeconds() : o.seconds(), i.rowsPerSec(), i.fingerprint(), o.reused());
  }

  public static Plan plan(PlanSummary p) {
    JsonNode json;
    try {
      json = JSON.readTree(p.json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Plan(
        p.nodeTypes(),
        p.indexesUsed(),
        p.relations(),
        p.intended(),
        p.usesIntended(),
        p.violation(),
        p.rows(),
        p.sharedHitBlocks(),
        p.sharedReadBlocks(),
        p.planningMs(),
        p.executionMs(),
        p.genericPlan(),
        p.params(),
        json,
        p.checks() == null ? null : p.checks().stream()
            .map(c -> new Plan.Check(c.mode(), c.paramSet(), c.params(), c.nodeTypes(), c.indexesUsed(), c.seqScans(), c.generic(),
                c.executionMs(), c.pass(), c.reason(), c.signature(), c.blocks()))
            .toList());
  }

  public static DbWindow window(StatsWindow w) {
    return new DbWindow(
        w.phase(),
        w.seconds(),
        w.indexHitRate(),
        w.cacheHitRate(),
        w.indexScanRatio(),
        w.blksHit(),
        w.blksRead(),
        w.idxBlksHit(),
        w.idxBlksRead(),
        w.xactCommit(),
        w.xactRollback(),
        w.tables().stream()
            .map(t -> new DbWindow.TableStats(
                t.table(), t.delta().seqScan(), t.delta().idxScan(), t.delta().seqTupRead(), t.delta().idxTupFetch(),
                t.delta().heapBlksHit(), t.delta().heapBlksRead(), t.delta().idxBlksHit(), t.delta().idxBlksRead()))
            .toList(),
        w.topStatements().stream()
            .map(s -> new DbWindow.StatementStats(s.query(), s.calls(), s.totalMs(), s.meanMs(), s.stddevMs(), s.rows()))
            .toList(),
        w.schemaBlksHit(),
        w.schemaBlksRead());
  }

  /** The database section from the measured phases' windows: hit rates over all of them, each window apart. */
  public static dev.apexbench.reports.model.Database database(java.util.Map<String, StatsWindow> windows,
      dev.apexbench.db.metrics.DbMetrics.CacheState cache) {
    StatsWindow.Totals all = StatsWindow.combine(new java.util.ArrayList<>(windows.values()));
    java.util.Map<String, DbWindow> mapped = new java.util.LinkedHashMap<>();
    windows.forEach((k, w) -> mapped.put(k, window(w)));
    return new dev.apexbench.reports.model.Database(all.indexHitRate(), all.cacheHitRate(), all.indexScanRatio(), mapped, cache.prewarmed(),
        cache.note());
  }
}
