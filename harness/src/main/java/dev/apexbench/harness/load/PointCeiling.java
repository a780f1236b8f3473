package dev.apexbench.harness.load;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.Session;
import dev.apexbench.reports.model.Load;
import java.time.Duration;
import java.util.Locale;

/** The point simulation's verdict: the api's point-read rate beside the database's own for the same SQL. */
final class PointCeiling {
  private PointCeiling() {}

  /**
   * The api's point-read rate beside the database's own for the same SQL at the same concurrency,
   * measured right after the api's run on the same server; and the api JVM's CPU time per request.
   */
  static Load.PointCeiling measure(Session s, DatasetSpec dataset, int connections, Duration d, Load load, long cpu0, long cpu1,
      Console console) throws Exception {
    long ok = load.total().requests() - load.total().ko();
    double apiRps = ok * 1000.0 / d.toMillis();
    Double cpuPerRequest = cpu0 >= 0 && cpu1 >= cpu0 && ok > 0 ? (cpu1 - cpu0) / 1e6 / ok : null;
    if (s == null) {
      return new Load.PointCeiling(connections, apiRps, Double.NaN, "not measured", Double.NaN, cpuPerRequest, load.total().p50Ms(),
          load.total().p99Ms(), "the database was not connected (pass --db) so its own rate was not measured");
    }
    console.say("bench: load: the database's own point-read rate, " + connections + " connections, " + d.toSeconds() + " s ...");
    DbPointRate.Rate db = DbPointRate.measure(s.server, dataset.projects(), connections, d);
    double ratio = db.perSecond() > 0 ? apiRps / db.perSecond() : Double.NaN;
    console.say(String.format(Locale.ROOT, "bench: point read: api %.0f req/s, database %.0f/s (%s): ratio %.2f", apiRps, db.perSecond(),
        db.method(), ratio));
    return new Load.PointCeiling(connections, apiRps, db.perSecond(), db.method(), ratio, cpuPerRequest, load.total().p50Ms(),
        load.total().p99Ms(), null);
  }
}
