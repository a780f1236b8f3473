package dev.apexbench.gatling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The harness's own record of the load, independent of Gatling's internal files: per request
 * name, the client-observed response time (Gatling measures it from the request's send to the
 * response's end, in milliseconds) in an HdrHistogram in nanoseconds; per second of the run, the
 * requests, failures and a histogram; and the arrivals of virtual users, to tell whether the
 * generator kept the scheduled rate.
 */
public final class LoadRecorder {
  /** What one request name accumulated. */
  public static final class Series {
    public final String name;
    public final String group;
    public final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    public long requests;
    public long ko;
    /** Failed requests by what came back: an HTTP status, or "no response". */
    public final Map<String, Long> koByStatus = new TreeMap<>();

    Series(String name, String group) {
      this.name = name;
      this.group = group;
    }
  }

  /**
   * One second of the run. Its latencies are rolled up into p50/p99/max when the next second
   * starts (a histogram per second would cost ~270 KB each: 2 GB for a two-hour run).
   */
  public static final class Second {
    public long requests;
    public long ko;
    public long arrivals;
    public double p50Ms;
    public double p99Ms;
    public double maxMs;
  }

  private volatile long startNanos = System.nanoTime();
  private final Map<String, Series> series = new LinkedHashMap<>();
  private final Histogram currentSecond = new Histogram(3_600_000_000_000L, 3);
  private int currentIndex = -1;
  private final int stepSeconds;
  private final Map<Integer, Series> steps = new TreeMap<>();
  private final TreeMap<Integer, Second> seconds = new TreeMap<>();
  private final Histogram total = new Histogram(3_600_000_000_000L, 3);
  private long totalRequests;
  private long totalKo;
  private long arrivals;

  public LoadRecorder() {
    this(0);
  }

  /** With {@code stepSeconds > 0}, responses are also kept per step of that length (the sweep). */
  public LoadRecorder(int stepSeconds) {
    this.stepSeconds = stepSeconds;
  }

  /** Second 0 of the timeline: called by the simulation when Gatling starts it. */
  public synchronized void start() {
    startNanos = System.nanoTime();
  }

  /** A response: its time in ms (null when no response arrived), its status (null: none) and whether it failed. */
  public synchronized void record(String name, String group, Long responseTimeMs, Integer status, boolean ko) {
    Series s = series.computeIfAbsent(name, n -> new Series(n, group));
    int now = secondNow();
    Second sec = second(now);
    Series step = stepSeconds > 0 ? steps.computeIfAbsent(now / stepSeconds, k -> new Series("step " + k, "all")) : null;
    if (step != null) {
      step.requests++;
      if (ko) {
        step.ko++;
      }
    }
    s.requests++;
    sec.requests++;
    totalRequests++;
    if (ko) {
      s.koByStatus.merge(status == null ? "no response" : status.toString(), 1L, Long::sum);
      s.ko++;
      sec.ko++;
      totalKo++;
    }
    if (responseTimeMs != null) {
      long ns = Math.max(1, responseTimeMs) * 1_000_000L;
      s.histogram.recordValue(ns);
      currentSecond.recordValue(ns);
      total.recordValue(ns);
      if (step != null) {
        step.histogram.recordValue(ns);
      }
    }
  }

  /** A virtual user started. */
  public synchronized void arrival() {
    arrivals++;
    second(secondNow()).arrivals++;
  }

  /** The entry for second {@code now}, rolling up the previous second when a new one starts. */
  private Second second(int now) {
    if (now != currentIndex) {
      rollUp();
      currentIndex = now;
    }
    return seconds.computeIfAbsent(now, k -> new Second());
  }

  private void rollUp() {
    summarise(seconds.get(currentIndex));
    currentSecond.reset();
  }

  private void summarise(Second s) {
    if (s != null && currentSecond.getTotalCount() > 0) {
      s.p50Ms = currentSecond.getValueAtPercentile(50) / 1e6;
      s.p99Ms = currentSecond.getValueAtPercentile(99) / 1e6;
      s.maxMs = currentSecond.getMaxValue() / 1e6;
    }
  }

  private int secondNow() {
    return (int) Math.max(0, (System.nanoTime() - startNanos) / 1_000_000_000L);
  }

  public synchronized double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public synchronized List<Series> series() {
    return new ArrayList<>(series.values());
  }

  /** The seconds of the run so far (the current one rolled up). */
  public synchronized Map<Integer, Second> seconds() {
    summarise(seconds.get(currentIndex)); // the current second so far, without closing it
    return new TreeMap<>(seconds);
  }

  /** Per sweep step (by index), when recorded with a step length. */
  public synchronized Map<Integer, Series> steps() {
    return new TreeMap<>(steps);
  }

  public synchronized Histogram total() {
    return total.copy();
  }

  public synchronized long totalRequests() {
    return totalRequests;
  }

  public synchronized long totalKo() {
    return totalKo;
  }

  public synchronized long arrivals() {
    return arrivals;
  }
}
