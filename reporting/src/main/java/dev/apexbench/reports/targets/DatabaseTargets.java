package dev.apexbench.reports.targets;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hit-rate targets over the measured windows (pg_stat_* deltas of the harness's relations), judged
 * in percent, each named with how the shared buffers started: "(prewarmed)" (then 100 % at scale 1
 * says little) or "(cold start)".
 */
final class DatabaseTargets {

  private DatabaseTargets() {}

  static List<TargetResult> evaluate(Database db, Targets targets) {
    List<TargetResult> out = new ArrayList<>();
    if (!measured(db)) {
      return out;
    }
    String windows = db.windows() == null || db.windows().isEmpty() ? "" : " over " + String.join(", ", db.windows().keySet());
    for (Map.Entry<String, Limit> e : targets.database().entrySet()) {
      Double rate = switch (e.getKey()) {
        case "index_hit_rate" -> db.indexHitRate();
        case "cache_hit_rate" -> db.cacheHitRate();
        case "index_scan_ratio" -> db.indexScanRatio();
        default -> throw new IllegalStateException("unknown database metric " + e.getKey());
      };
      Limit limit = e.getValue();
      Double actual = rate == null ? null : Limit.percent(rate);
      boolean pass = actual != null && limit.test(actual);
      String detail = actual == null
          ? e.getKey() + " not recorded (no block of that kind was needed in the measured phases)"
          : (pass ? "" : Fmt.pct(actual) + " vs limit " + limit.describe()) + windows;
      String metric = e.getKey() + "_pct";
      String cache = db.cache() == null ? "" : (detail.isBlank() ? "" : "; ") + db.cache();
      out.add(new TargetResult("database " + metric + db.cacheLabel(), "database", "database", metric, limit.op().symbol(),
          limit.value(), actual, null, "%", pass, (detail.strip() + cache).strip()));
    }
    return out;
  }

  static boolean measured(Database db) {
    return db != null
        && (db.indexHitRate() != null || db.cacheHitRate() != null || db.indexScanRatio() != null
            || (db.windows() != null && !db.windows().isEmpty()));
  }
}
