package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.DbWindow;
import dev.apexbench.reports.model.TargetResult;
import java.util.Map;

/** Server-side view: hit rates against their targets, per-table scans, top statements. */
final class DatabaseSection {

  private DatabaseSection() {}

  static void render(Html h, Page p) {
    Database db = p.results().database();
    h.raw("<section>\n").h2("database", "Database (pg_stat_* over the measured phases)");
    if (db == null || (db.indexHitRate() == null && db.cacheHitRate() == null && (db.windows() == null || db.windows().isEmpty()))) {
      h.p("muted", "No database metrics in this run (" + p.command() + "): pg_stat_* was not sampled.");
      h.raw("</section>\n");
      return;
    }
    chartData(p, db);
    h.chart("chart-hitrates", 300);
    h.tableStart(null, "window", "#seconds", "#index hit rate", "#cache hit rate", "#index scan ratio", "#blocks hit / read",
        "#commits", "#rollbacks");
    h.tr(rowClass(p), Html.td("all measured phases"), Html.num(""), Html.num(rate(db.indexHitRate())),
        Html.num(rate(db.cacheHitRate())), Html.num(rate(db.indexScanRatio())), Html.num(""), Html.num(""), Html.num(""));
    Map<String, DbWindow> windows = db.windows() == null ? Map.of() : db.windows();
    for (Map.Entry<String, DbWindow> e : windows.entrySet()) {
      DbWindow w = e.getValue();
      h.tr("", Html.td(e.getKey()), Html.num(Fmt.num(w.seconds())), Html.num(rate(w.indexHitRate())),
          Html.num(rate(w.cacheHitRate())), Html.num(rate(w.indexScanRatio())), Html.num(w.blksHit() + " / " + w.blksRead()),
          Html.num(String.valueOf(w.xactCommit())), Html.num(String.valueOf(w.xactRollback())));
    }
    h.tableEnd();
    for (Map.Entry<String, DbWindow> e : windows.entrySet()) {
      tables(h, e.getKey(), e.getValue());
    }
    StatementsTable.render(h, windows);
    h.raw("</section>\n");
  }

  private static String rowClass(Page p) {
    return p.results().targets() != null && p.results().targets().stream()
        .anyMatch(t -> "database".equals(t.kind()) && t.blocks()) ? "bad" : "";
  }

  private static void chartData(Page p, Database db) {
    ObjectNode c = p.data().putObject("hitRates");
    ArrayNode cats = c.putArray("windows");
    ArrayNode index = c.putArray("index");
    ArrayNode cache = c.putArray("cache");
    cats.add("all measured");
    index.add(pct(db.indexHitRate()));
    cache.add(pct(db.cacheHitRate()));
    if (db.windows() != null) {
      for (Map.Entry<String, DbWindow> e : db.windows().entrySet()) {
        cats.add(e.getKey());
        index.add(pct(e.getValue().indexHitRate()));
        cache.add(pct(e.getValue().cacheHitRate()));
      }
    }
    TargetResult it = p.target("database", "database", "index_hit_rate_pct");
    TargetResult ct = p.target("database", "database", "cache_hit_rate_pct");
    if (it != null) {
      c.put("indexLimit", it.limit());
      c.put("indexLimitText", "index target " + TargetText.limit(it));
    }
    if (ct != null) {
      c.put("cacheLimit", ct.limit());
      c.put("cacheLimitText", "cache target " + TargetText.limit(ct));
    }
  }

  private static void tables(Html h, String window, DbWindow w) {
    if (w.tables() == null || w.tables().isEmpty()) {
      return;
    }
    h.raw("<details><summary>Tables during " + Html.esc(window) + "</summary>\n");
    h.tableStart(null, "table", "#seq scans", "#index scans", "#rows read by seq scans", "#rows fetched by index",
        "#heap blocks hit / read", "#index blocks hit / read");
    for (DbWindow.TableStats t : w.tables()) {
      h.tr(t.seqScan() > t.idxScan() ? "warn" : "", Html.code(t.table()), Html.num(String.valueOf(t.seqScan())),
          Html.num(String.valueOf(t.idxScan())), Html.num(String.valueOf(t.seqTupRead())),
          Html.num(String.valueOf(t.idxTupFetch())), Html.num(t.heapBlksHit() + " / " + t.heapBlksRead()),
          Html.num(t.idxBlksHit() + " / " + t.idxBlksRead()));
    }
    h.tableEnd();
    h.raw("</details>\n");
  }

  private static Double pct(Double rate) {
    return rate == null ? null : Math.round(rate * 10000) / 100.0;
  }

  private static String rate(Double r) {
    return r == null ? "-" : Fmt.pct(r * 100);
  }
}
