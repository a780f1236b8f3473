package dev.apexbench.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads a load run's interval log ({@link LoadRecorder#HLOG}) back into what the results show:
 * the per-second timeline (successful responses of all endpoints, the generator's longest pause
 * and longest arrival gap per second) and, per request name, the per-interval values the
 * comparison uses as its unit (the p50 and p95 of each interval, in whole milliseconds: the
 * recording's resolution).
 *
 * <p>Several logs (injectors of one run) can be read into one summary: their histograms are added
 * second by second, which is exact.
 */
public final class LoadLog {

  /** One second of the timeline. Latencies in whole ms; 0 where nothing was recorded. */
  public record SecondStats(long ok, long ko, double p50Ms, double p99Ms, double maxMs, double maxHiccupMs, double maxArrivalGapMs) {}

  /** One comparison interval of one request name: successful responses and their p50/p95 in whole ms. */
  public record IntervalStats(int index, long count, double p50Ms, double p95Ms) {}

  /**
   * @param seconds per second index
   * @param intervals per request name, its intervals that had successful responses
   * @param intervalSeconds the length of a comparison interval
   */
  public record Summary(Map<Integer, SecondStats> seconds, Map<String, List<IntervalStats>> intervals, int intervalSeconds,
      Map<String, TreeMap<Integer, Histogram>> okByInterval) {

    public Summary(Map<Integer, SecondStats> seconds, Map<String, List<IntervalStats>> intervals, int intervalSeconds) {
      this(seconds, intervals, intervalSeconds, Map.of());
    }

    /**
     * The successful responses of these request names together, per interval (a group's, or every
     * name's for the total), as the intervals of one endpoint are.
     */
    public List<IntervalStats> merged(java.util.Collection<String> names) {
      TreeMap<Integer, Histogram> byIndex = new TreeMap<>();
      for (String n : names) {
        TreeMap<Integer, Histogram> h = okByInterval.get(n);
        if (h != null) {
          h.forEach((i, x) -> byIndex.computeIfAbsent(i, k -> LoadRecorder.newHistogram()).add(x));
        }
      }
      List<IntervalStats> list = new ArrayList<>();
      byIndex.forEach((i, h) -> list.add(new IntervalStats(i, h.getTotalCount(), wholeMs(h, 50), wholeMs(h, 95))));
      return list;
    }
  }

  private LoadLog() {}

  /**
   * The comparison interval for a load window: twelve intervals per window (at least one second
   * each), so that a run gives about a dozen values per request name whatever its length.
   */
  public static int intervalSeconds(double windowSeconds) {
    return (int) Math.max(1, Math.floor(windowSeconds / 12));
  }

  public static Summary read(List<Path> logs, int intervalSeconds) {
    return summarise(tagsBySecond(logs, Double.NaN), intervalSeconds);
  }

  /**
   * As {@link #read(List, int)} with second 0 at {@code startSec} (seconds since the epoch): the
   * recorder's own start, so that the logs' seconds are those of its counters even when the log of
   * the earliest injector is missing.
   */
  public static Summary read(List<Path> logs, int intervalSeconds, double startSec) {
    return summarise(tagsBySecond(logs, startSec), intervalSeconds);
  }

  /**
   * Per set of request names, per second, the successful responses of those requests merged
   * (seconds without any are absent); the logs are read once for all the sets.
   */
  public static List<TreeMap<Integer, Histogram>> okBySecond(List<Path> logs, List<java.util.Set<String>> requestNames) {
    List<TreeMap<Integer, Histogram>> out = new ArrayList<>();
    requestNames.forEach(n -> out.add(new TreeMap<>()));
    tagsBySecond(logs, Double.NaN).forEach((sec, tags) -> tags.forEach((tag, h) -> {
      if (tag != null && tag.startsWith(LoadRecorder.TAG_OK)) {
        String name = LoadRecorder.decode(tag.substring(LoadRecorder.TAG_OK.length()));
        for (int i = 0; i < requestNames.size(); i++) {
          if (requestNames.get(i).contains(name)) {
            out.get(i).computeIfAbsent(sec, k -> LoadRecorder.newHistogram()).add(h);
          }
        }
      }
    }));
    return out;
  }

  private static TreeMap<Integer, Map<String, Histogram>> tagsBySecond(List<Path> logs, double givenStart) {
    TreeMap<Integer, Map<String, Histogram>> bySecond = new TreeMap<>();
    // several logs (injectors) are aligned by wall-clock second: second 0 is the given start, else the earliest log's
    double start = givenStart;
    if (Double.isNaN(start)) {
      start = Double.MAX_VALUE;
      for (Path p : logs) {
        start = Math.min(start, startSec(p));
      }
    }
    for (Path p : logs) {
      try (HistogramLogReader r = new HistogramLogReader(p.toFile())) {
        EncodableHistogram e;
        while ((e = r.nextIntervalHistogram()) != null) {
          if (!(e instanceof Histogram h)) {
            continue;
          }
          int sec = (int) Math.round(h.getStartTimeStamp() / 1000.0 - start);
          Map<String, Histogram> tags = bySecond.computeIfAbsent(sec, k -> new LinkedHashMap<>());
          Histogram acc = tags.get(h.getTag());
          if (acc == null) {
            tags.put(h.getTag(), h);
          } else {
            acc.add(h);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the interval log " + p, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(p + ": not an interval log of apex-bench (" + e.getMessage() + ")", e);
      }
    }
    return bySecond;
  }

  /** A log's start (its first interval's log start time, seconds since the epoch); +inf for an empty log. */
  private static double startSec(Path p) {
    try (HistogramLogReader r = new HistogramLogReader(p.toFile())) {
      return r.nextIntervalHistogram() == null ? Double.MAX_VALUE : r.getStartTimeSec();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the interval log " + p, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(p + ": not an interval log of apex-bench (" + e.getMessage() + ")", e);
    }
  }

  static Summary summarise(TreeMap<Integer, Map<String, Histogram>> bySecond, int intervalSeconds) {
    Map<Integer, SecondStats> seconds = new TreeMap<>();
    Map<String, TreeMap<Integer, Histogram>> perName = new LinkedHashMap<>();
    for (Map.Entry<Integer, Map<String, Histogram>> e : bySecond.entrySet()) {
      Histogram ok = LoadRecorder.newHistogram();
      long ko = 0;
      double hiccup = 0;
      double gap = 0;
      for (Map.Entry<String, Histogram> t : e.getValue().entrySet()) {
        String tag = t.getKey() == null ? "" : t.getKey();
        Histogram h = t.getValue();
        if (tag.startsWith(LoadRecorder.TAG_OK)) {
          ok.add(h);
          String name = LoadRecorder.decode(tag.substring(LoadRecorder.TAG_OK.length()));
          perName.computeIfAbsent(name, k -> new TreeMap<>())
              .computeIfAbsent(e.getKey() / intervalSeconds, k -> LoadRecorder.newHistogram()).add(h);
        } else if (tag.startsWith(LoadRecorder.TAG_KO)) {
          ko += h.getTotalCount();
        } else if (tag.equals(LoadRecorder.TAG_HICCUP)) {
          hiccup = h.getMaxValue() / 1e6;
        } else if (tag.equals(LoadRecorder.TAG_ARRIVAL_GAP)) {
          gap = h.getMaxValue() / 1e6;
        }
      }
      boolean any = ok.getTotalCount() > 0;
      seconds.put(e.getKey(), new SecondStats(ok.getTotalCount(), ko, any ? wholeMs(ok, 50) : 0, any ? wholeMs(ok, 99) : 0,
          any ? wholeMs(ok, 100) : 0, hiccup, gap));
    }
    Map<String, List<IntervalStats>> intervals = new LinkedHashMap<>();
    perName.forEach((name, byIndex) -> {
      List<IntervalStats> list = new ArrayList<>();
      byIndex.forEach((i, h) -> list.add(new IntervalStats(i, h.getTotalCount(), wholeMs(h, 50), wholeMs(h, 95))));
      intervals.put(name, list);
    });
    return new Summary(seconds, intervals, intervalSeconds, perName);
  }

  /**
   * A percentile of a histogram of whole milliseconds (in ns), by the one rounding rule of every load
   * latency reported in ms (the reports' {@code Histograms.ms}, which this module cannot see; a test
   * holds the two equal): the value at the percentile (the maximum at 100), taken at the middle of
   * its HdrHistogram bucket, rounded to the whole millisecond. Below about 1.07 s a bucket is
   * narrower than 1 ms, so this is the millisecond recorded, never a bucket's top such as 25.016 ms.
   */
  public static double wholeMs(Histogram h, double percentile) {
    long v = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return Math.round(h.medianEquivalentValue(v) / 1e6);
  }
}
