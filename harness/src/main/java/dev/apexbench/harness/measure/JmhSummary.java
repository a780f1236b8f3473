package dev.apexbench.harness.measure;

import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.Intended;
import dev.apexbench.reports.model.QueryResult;
import java.util.Iterator;
import java.util.Map;
import dev.apexbench.reports.Histograms;
import org.HdrHistogram.Histogram;
import dev.apexbench.reports.model.Iterations;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.TDistribution;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/** Builds {@code queries[]} entries: catalog metadata, then JMH statistics and the plan. */
public final class JmhSummary {
  private JmhSummary() {}

  /** A result with the catalog's description of the query and no measurements yet. */
  public static QueryResult emptyResult(CatalogQuery q, SchemaVariant variant) {
    Intended intended = q.intended(variant);
    String note = intended instanceof Intended.None none ? none.reason() : null;
    return new QueryResult(
        q.name(),
        q.queryClass() == null ? "baseline" : q.queryClass().label(),
        q.description(),
        q.sql(),
        intended.label(),
        note,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The statements of a window by their {@linkplain #normalise normalised} text, so that a catalog
   * query finds its own.
   */
  public static Map<String, dev.apexbench.db.metrics.StatsWindow.StatementDelta> byText(
      java.util.List<dev.apexbench.db.metrics.StatsWindow.StatementDelta> statements) {
    Map<String, dev.apexbench.db.metrics.StatsWindow.StatementDelta> out = new java.util.HashMap<>();
    for (var d : statements) {
      out.merge(normalise(d.query()), d, (a, b) -> a.calls() >= b.calls() ? a : b);
    }
    return out;
  }

  /**
   * A statement's text with every constant and parameter as {@code ?} and whitespace collapsed:
   * pg_stat_statements shows constants as {@code $n} too, numbered after the parameters, so texts
   * are compared in this form.
   */
  public static String normalise(String sql) {
    return sql.replaceAll("'(?:[^']|'')*'", "?").replaceAll("\\$\\d+", "?").replaceAll("\\b\\d+(?:\\.\\d+)?\\b", "?")
        .replaceAll("\\s+", " ").strip().replaceFirst(";$", "").strip();
  }

  /**
   * The query's result with the server's execution time over the window beside JMH's mean, when
   * pg_stat_statements saw the query (null otherwise: not installed, or the text not found).
   */
  public static QueryResult withServer(QueryResult qr, Map<String, dev.apexbench.db.metrics.StatsWindow.StatementDelta> executed) {
    var d = executed.get(normalise(dev.apexbench.db.catalog.ServerSql.toServer(qr.sql())));
    if (d == null || d.calls() == 0 || qr.meanMs() == null || qr.meanMs() <= 0) {
      return qr;
    }
    double client = qr.meanMs() - d.meanMs();
    qr = qr.withWork(work(d));
    return qr.withServer(new QueryResult.ServerTime(d.calls(), round4(d.meanMs()), round4(d.stddevMs()),
        Math.round((double) d.rows() / d.calls() * 100) / 100.0, round4(client), Math.round(client / qr.meanMs() * 1e4) / 1e4));
  }

  /** A statement's work counters over a window, per call (blocks and rows to 0.001, bytes to 0.1). */
  public static QueryResult.Work work(dev.apexbench.db.metrics.StatsWindow.StatementDelta d) {
    double n = d.calls();
    return new QueryResult.Work(d.calls(), round3(d.sharedBlks() / n), round3(d.sharedBlksHit() / n), round3(d.sharedBlksRead() / n),
        round3(d.rows() / n), round3(d.tempBlks() / n), Math.round(d.walBytes() / n * 10) / 10.0);
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  /** The confidence level of the interval of the mean. */
  public static final double CONFIDENCE = 0.999;

  /**
   * JMH SampleTime statistics (in microseconds) as milliseconds, the raw samples as an
   * HdrHistogram in nanoseconds, the per-iteration values, and the 99.9 % confidence interval of
   * the mean computed from the iteration means (Student's t with n - 1 degrees of freedom over the
   * iterations of every fork). JMH's own interval for SampleTime treats every sample as an
   * independent draw, which they are not: samples inside one iteration share its JIT state, its
   * cache and its moment of the machine, so that interval is far too narrow.
   */
  public static QueryResult fromRun(CatalogQuery q, SchemaVariant variant, RunResult r) {
    Statistics st = r.getPrimaryResult().getStatistics();
    Histogram h = new Histogram(3_600_000_000_000L, 3); // up to an hour in ns, 3 digits
    for (Iterator<Map.Entry<Double, Long>> it = st.getRawData(); it.hasNext(); ) {
      Map.Entry<Double, Long> e = it.next();
      h.recordValueWithCount(Math.max(1, Math.round(e.getKey() * 1000.0)), e.getValue());
    }
    Iterations iterations = iterations(r);
    double[] ci = meanInterval(iterations.meanMs(), CONFIDENCE);
    boolean ciKnown = ci != null;
    double err = ciKnown ? (ci[1] - ci[0]) / 2 : Double.NaN;
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
        ciKnown ? round4(err) : null,
        ciKnown ? round4(ci[0]) : null,
        ciKnown ? round4(ci[1]) : null,
        Histograms.encode(h),
        null,
        iterations);
  }

  /** Per measurement iteration of every fork, in order: samples, mean, p50, p95 (ms). */
  public static Iterations iterations(RunResult r) {
    List<Long> n = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    int forks = 0;
    for (BenchmarkResult fork : r.getBenchmarkResults()) {
      forks++;
      for (IterationResult it : fork.getIterationResults()) {
        Statistics s = it.getPrimaryResult().getStatistics();
        if (s.getN() == 0) {
          continue;
        }
        n.add(s.getN());
        mean.add(ms(s.getMean()));
        p50.add(ms(s.getPercentile(50)));
        p95.add(ms(s.getPercentile(95)));
      }
    }
    return new Iterations(forks, n, mean, p50, p95);
  }

  /**
   * The two-sided confidence interval of the mean of {@code values} at {@code level}: mean +- t(1 -
   * (1 - level) / 2, n - 1) s / sqrt(n); null with fewer than two values.
   */
  public static double[] meanInterval(List<Double> values, double level) {
    int k = values.size();
    if (k < 2) {
      return null;
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    double half = TDistribution.of(k - 1).inverseCumulativeProbability(1 - (1 - level) / 2) * Math.sqrt(ss / (k - 1)) / Math.sqrt(k);
    return new double[] {mean - half, mean + half};
  }

  private static double round4(double ms) {
    return Math.round(ms * 10_000.0) / 10_000.0;
  }

  /** Microseconds to milliseconds, rounded to 0.1 microsecond. */
  public static double ms(double micros) {
    return Math.round(micros * 10.0) / 10_000.0;
  }
}
