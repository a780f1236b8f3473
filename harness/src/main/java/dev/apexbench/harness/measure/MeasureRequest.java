package dev.apexbench.harness.measure;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.jmh.JmhSettings;
import java.util.List;

/**
 * What the per-query measurement runs: the profile, the catalog entries, the benchmark threads and
 * the JMH settings (the profile's, with any extra JMH arguments already checked and attached).
 *
 * @param queries the catalog glob, or null for all
 * @param jmhArgs the extra JMH arguments as given (recorded), or null
 */
public record MeasureRequest(Profile profile, String queries, int threads, JmhSettings jmh, String jmhArgs) {
  /** The catalog entries the glob selects (a glob that matches none is a usage error). */
  public List<CatalogQuery> selected() {
    return QueryCatalog.select(queries);
  }

  /** Records the workload settings into a run. */
  public void describeInto(RunRecorder rec) {
    JmhSettings j = profile.jmh(threads);
    rec.settings.profile(profile.label()).queries(queries == null ? "*" : queries).threads(threads).jmhForks(j.forks())
        .jmhWarmup(j.warmupIterations() + " x " + j.warmupTime().toMillis() + " ms")
        .jmhMeasurement(j.measurementIterations() + " x " + j.measurementTime().toMillis() + " ms");
    if (jmhArgs != null && !jmhArgs.isBlank()) {
      rec.settings.jmhArgs(jmhArgs.strip());
    }
  }
}
