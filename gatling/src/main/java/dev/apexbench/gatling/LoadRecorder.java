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

  /** One second of the run. */
  public static final class Second {
    public final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
    public long requests;
    public long ko;
    public long arrivals;
  }

  private volatile long startNanos = System.nanoTime();
  private final Map<String, Series> series = new LinkedHashMap<>();
  private final TreeMap<Integer, Second> seconds = new TreeMap<>();
  private final Histogram total = new Histogram(3_600_000_000_000L, 3);
  private long totalRequests;
  private long totalKo;
  private long arrivals;

  /** Second 0 of the timeline: called by the simulation when Gatling starts it. */
  public synchronized void start() {
    startNanos = System.nanoTime();
  }

  /** A response: its time in ms (null when no response arrived), its status (null: none) and whether it failed. */
  public synchronized void record(String name, String group, Long responseTimeMs, Integer status, boolean ko) {
    Series s = series.computeIfAbsent(name, n -> new Series(n, group));
    Second sec = seconds.computeIfAbsent(secondNow(), k -> new Second());
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
      sec.histogram.recordValue(ns);
      total.recordValue(ns);
    }
  }

  /** A virtual user started. */
  public synchronized void arrival() {
    arrivals++;
    seconds.computeIfAbsent(secondNow(), k -> new Second()).arrivals++;
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

  public synchronized Map<Integer, Second> seconds() {
    return new TreeMap<>(seconds);
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
