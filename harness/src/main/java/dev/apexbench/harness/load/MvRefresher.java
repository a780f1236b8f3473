package dev.apexbench.harness.load;

import dev.apexbench.db.PgServer;
import dev.apexbench.gatling.LoadLog;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.reports.model.Load;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * Refreshes the materialized view on a schedule during a load, as the report's cron does
 * ({@code REFRESH MATERIALIZED VIEW CONCURRENTLY project_stats} every 5 minutes), on its own
 * connection; then measures what it did to the reads: the aggregation group's latency in the
 * seconds a refresh ran against the others, and how stale the view was when it was read.
 */
public final class MvRefresher implements AutoCloseable {
  public static final String VIEW = PgServer.SCHEMA + ".project_stats";

  /** One refresh: when it started and ended ({@link System#nanoTime()}), and whether it failed. */
  public record Refresh(long startNanos, long endNanos, String error) {}

  private final Duration every;
  private final List<Refresh> refreshes = new ArrayList<>();
  private final Thread thread;
  private final long startedNanos = System.nanoTime();
  private volatile boolean stop;

  MvRefresher(PgServer server, Duration every) {
    this.every = every;
    this.thread = new Thread(() -> loop(server), "apex-mv-refresh");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop(PgServer server) {
    try (Connection c = server.connect(); Statement st = c.createStatement()) {
      long next = startedNanos + every.toNanos();
      while (!stop) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(Math.min(wait / 1_000_000, 200));
          continue;
        }
        long t0 = System.nanoTime();
        String error = null;
        try {
          st.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY " + VIEW);
        } catch (java.sql.SQLException e) {
          error = e.getMessage().lines().findFirst().orElse("");
        }
        synchronized (refreshes) {
          refreshes.add(new Refresh(t0, System.nanoTime(), error));
        }
        next += every.toNanos();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.sql.SQLException e) {
      synchronized (refreshes) {
        refreshes.add(new Refresh(System.nanoTime(), System.nanoTime(), "no connection: " + e.getMessage()));
      }
    }
  }

  /**
   * Refreshes the view once, now, and says when that refresh ended ({@link System#nanoTime()}): the
   * view's age during the load is counted from a refresh that happened, not from when it was seeded
   * (a reused dataset's view may be days old, or refreshed by an earlier run).
   */
  static long refreshNow(PgServer server) throws java.sql.SQLException {
    try (Connection c = server.connect(); Statement st = c.createStatement()) {
      st.execute("REFRESH MATERIALIZED VIEW " + VIEW);
    }
    return System.nanoTime();
  }

  List<Refresh> refreshes() {
    synchronized (refreshes) {
      return List.copyOf(refreshes);
    }
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(60_000); // a refresh in flight finishes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What the refreshes did to the reads of the aggregation group: per second of the load, whether
   * a refresh ran in it; the group's latency in those seconds and in the others (histograms merged,
   * exact), a Mann-Whitney U test over the per-second p95s, and the view's age at each second,
   * weighted by its reads.
   *
   * @param startNanos second 0 of the load's timeline
   * @param seedNanos when the view was last refreshed before the load ({@link #refreshNow}), for the age before the first refresh
   */
  public static Load.MvRefresh analyse(Duration every, List<Refresh> refreshes, long startNanos, long seedNanos, Path hlog, Set<String> aggregation,
      Set<String> viewReads, int seconds) {
    List<TreeMap<Integer, Histogram>> bySecond = LoadLog.okBySecond(List.of(hlog), List.of(aggregation, viewReads));
    TreeMap<Integer, Histogram> agg = bySecond.get(0);
    TreeMap<Integer, Histogram> reads = bySecond.get(1);
    boolean[] during = new boolean[Math.max(seconds, agg.isEmpty() ? 0 : agg.lastKey() + 1)];
    List<Load.MvRefresh.Span> spans = new ArrayList<>();
    for (Refresh r : refreshes) {
      double from = (r.startNanos() - startNanos) / 1e9;
      double to = (r.endNanos() - startNanos) / 1e9;
      spans.add(new Load.MvRefresh.Span(round(from), round((r.endNanos() - r.startNanos()) / 1e6), r.error()));
      for (int s = (int) Math.floor(Math.max(0, from)); s <= (int) Math.floor(to) && s < during.length; s++) {
        if (s >= 0) {
          during[s] = true;
        }
      }
    }
    Histogram in = LoadRecorder.newHistogram();
    Histogram out = LoadRecorder.newHistogram();
    List<Double> inP95 = new ArrayList<>();
    List<Double> outP95 = new ArrayList<>();
    agg.forEach((s, h) -> {
      boolean d = s < during.length && during[s];
      (d ? in : out).add(h);
      (d ? inP95 : outP95).add(h.getValueAtPercentile(95) / 1e6);
    });
    Double p = null;
    if (inP95.size() >= 2 && outP95.size() >= 2) {
      p = MannWhitneyUTest.withDefaults().test(inP95.stream().mapToDouble(Double::doubleValue).toArray(),
          outP95.stream().mapToDouble(Double::doubleValue).toArray()).getPValue();
    }
    // the view's age at each second: since the end of the last refresh before it (or the seeding)
    Histogram age = LoadRecorder.newHistogram();
    for (var e : reads.entrySet()) {
      long at = startNanos + e.getKey() * 1_000_000_000L + 500_000_000L;
      long last = seedNanos;
      for (Refresh r : refreshes) {
        if (r.error() == null && r.endNanos() <= at) {
          last = Math.max(last, r.endNanos());
        }
      }
      age.recordValueWithCount(Math.max(1, at - last), e.getValue().getTotalCount());
    }
    java.util.DoubleSummaryStatistics durations = refreshes.stream().mapToDouble(r -> (r.endNanos() - r.startNanos()) / 1e6).summaryStatistics();
    double meanMs = refreshes.isEmpty() ? 0 : durations.getAverage();
    double maxMs = refreshes.isEmpty() ? 0 : durations.getMax();
    Load.MvRefresh.Window inW = window(in, inP95.size());
    Load.MvRefresh.Window outW = window(out, outP95.size());
    Double change = inW == null || outW == null || outW.p95Ms() == 0 ? null : round((inW.p95Ms() / outW.p95Ms() - 1) * 100);
    String note = refreshes.isEmpty() ? "no refresh ran within the load (the interval is longer than the load)"
        : String.format(Locale.ROOT, "%d refreshes of %.0f ms mean; aggregation p95 %s during them, %s otherwise%s", refreshes.size(), meanMs,
            inW == null ? "-" : inW.p95Ms() + " ms", outW == null ? "-" : outW.p95Ms() + " ms",
            p == null ? "" : String.format(Locale.ROOT, " (Mann-Whitney over per-second p95s: p = %.2g)", p));
    return new Load.MvRefresh(every.toSeconds(), refreshes.size(), round(meanMs), round(maxMs), spans, inW, outW, change, p,
        age.getTotalCount() == 0 ? null : round(age.getValueAtPercentile(50) / 1e9),
        age.getTotalCount() == 0 ? null : round(age.getValueAtPercentile(95) / 1e9),
        age.getTotalCount() == 0 ? null : round(age.getMaxValue() / 1e9), note);
  }

  private static Load.MvRefresh.Window window(Histogram h, int seconds) {
    if (h.getTotalCount() == 0) {
      return null;
    }
    return new Load.MvRefresh.Window(seconds, h.getTotalCount(), LoadLog.wholeMs(h, 50), LoadLog.wholeMs(h, 95), LoadLog.wholeMs(h, 99));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
