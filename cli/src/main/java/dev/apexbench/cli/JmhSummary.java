package dev.apexbench.cli;

import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.Intended;
import dev.apexbench.reports.model.QueryResult;
import java.util.Iterator;
import java.util.Map;
import dev.apexbench.reports.Histograms;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/** Builds {@code queries[]} entries: catalog metadata, then JMH statistics and the plan. */
final class JmhSummary {
  private JmhSummary() {}

  /** A result with the catalog's description of the query and no measurements yet. */
  static QueryResult emptyResult(CatalogQuery q, SchemaVariant variant) {
    Intended intended = q.intended(variant);
    String note = intended instanceof Intended.None none ? none.reason() : null;
    return new QueryResult(
        q.name(),
        q.queryClass() == null ? "baseline" : q.queryClass().label(),
        q.description(),
        q.sql(),
        intended.label(),
        note,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * JMH SampleTime statistics (in microseconds) as milliseconds, with the 99.9 % confidence
   * interval of the mean and the raw samples as an HdrHistogram in nanoseconds.
   */
  static QueryResult fromRun(CatalogQuery q, SchemaVariant variant, RunResult r) {
    Statistics st = r.getPrimaryResult().getStatistics();
    Histogram h = new Histogram(3_600_000_000_000L, 3); // up to an hour in ns, 3 digits
    for (Iterator<Map.Entry<Double, Long>> it = st.getRawData(); it.hasNext(); ) {
      Map.Entry<Double, Long> e = it.next();
      h.recordValueWithCount(Math.max(1, Math.round(e.getKey() * 1000.0)), e.getValue());
    }
    double err = st.getMeanErrorAt(0.999);
    double[] ci = st.getConfidenceIntervalAt(0.999);
    boolean ciKnown = st.getN() > 2 && !Double.isNaN(err);
    QueryResult base = emptyResult(q, variant);
    return new QueryResult(
        base.name(),
        base.queryClass(),
        base.description(),
        base.sql(),
        base.intendedIndex(),
        base.indexNote(),
        r.getParams().getThreads(),
        st.getN(),
        ms(st.getMean()),
        ms(st.getPercentile(50)),
        ms(st.getPercentile(90)),
        ms(st.getPercentile(95)),
        ms(st.getPercentile(99)),
        ms(st.getPercentile(99.9)),
        ms(st.getMax()),
        ciKnown ? ms(err) : null,
        ciKnown ? ms(ci[0]) : null,
        ciKnown ? ms(ci[1]) : null,
        Histograms.encode(h),
        null);
  }

  /** Microseconds to milliseconds, rounded to 0.1 microsecond. */
  static double ms(double micros) {
    return Math.round(micros * 10.0) / 10_000.0;
  }
}
