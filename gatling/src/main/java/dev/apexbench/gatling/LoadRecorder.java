package dev.apexbench.gatling;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The harness's own record of the load, independent of Gatling's internal files.
 *
 * <ul>
 *   <li>Per request name, the client-observed response time (Gatling measures it from the
 *       request's send to the response's end, in whole milliseconds) in HdrHistograms of
 *       nanoseconds: successful requests, and every request (a request that got no answer is timed
 *       until it failed);
 *   <li>an HdrHistogram interval log ({@value #HLOG}: one histogram per second per tag, {@code
 *       ok:<name>} and {@code ko:<name>} per request name, {@code generator:hiccup} and {@code
 *       generator:arrival-gap}), from which the per-second timeline and the per-interval values of
 *       the comparison are derived, and which merges exactly across runs and injectors;
 *   <li>the load generator's health: its own pauses ({@link HiccupMeter}) and the gaps between
 *       virtual-user arrivals. Arrivals are Poisson, so a gap much longer than the rate allows
 *       means the generator stopped starting users (see {@code LoadMapper.schedule});
 *   <li>per sweep step, responses attributed to the step in which their user arrived.
 * </ul>
 *
 * <p>Thread safety: every method may be called from any Gatling thread; state is guarded by this
 * object's monitor, and the log is written by one flusher thread outside of it.
 */
public final class LoadRecorder implements HiccupMeter.Sink, AutoCloseable {
  /** The interval log's file name in a run directory. */
  public static final String HLOG = "load.hlog";

  public static final String TAG_OK = "ok:";
  public static final String TAG_KO = "ko:";
  public static final String TAG_HICCUP = "generator:hiccup";
  public static final String TAG_ARRIVAL_GAP = "generator:arrival-gap";

  /** Generator pauses at least this long are kept as events, with their start. */
  public static final long EVENT_NANOS = 50_000_000L;

  private static final long HIGHEST_NS = 3_600_000_000_000L;
  private static final int MAX_EVENTS = 10_000;
  private static final int MAX_GAPS = 64;

  /** What one request name accumulated over the run. */
  public static final class Series {
    public final String name;
    public final String group;
    /** Successful requests (the expected status). */
    public final Histogram histogram = newHistogram();
    /** Every request with a time: successful, failed with a status, and failed without a response. */
    public final Histogram all = newHistogram();
    public long requests;
    public long ko;
    /** Failed requests by what came back: an HTTP status, or "no response". */
    public final Map<String, Long> koByStatus = new TreeMap<>();
    /** Where the time of the successful requests went (from the api's Server-Timing header). */
    public final Phases phases = new Phases();

    public Series(String name, String group) {
      this.name = name;
      this.group = group;
    }
  }

  /** Counters of one second of the run (by completion time); latencies are in the interval log. */
  public static final class Second {
    public long requests;
    public long ko;
    public long arrivals;
    /**
     * Requests (answered or failed, whenever) whose user arrived in this second: what the generator
     * sent for this second's arrivals, in requests (a write journey's user sends several).
     */
    public long sentByArrival;
  }

  /** An interval with a start and an end ({@link System#nanoTime()}): a generator pause or an arrival gap. */
  public record Span(long startNanos, long endNanos) {
    public long nanos() {
      return endNanos - startNanos;
    }
  }

  private final Path hlog;
  /** For a recorder merged from injectors' states: their interval logs. */
  private final List<Path> mergedLogs;
  private final int stepSeconds;
  final Map<String, Series> series = new LinkedHashMap<>();
  final Map<Integer, Series> steps = new TreeMap<>();
  final TreeMap<Integer, Second> seconds = new TreeMap<>();
  private final TreeMap<Integer, Map<String, Histogram>> pending = new TreeMap<>();
  private final ArrayDeque<Histogram> pool = new ArrayDeque<>();
  final Histogram total = newHistogram();
  final Histogram totalAll = newHistogram();
  final Histogram hiccups = newHistogram();
  private final Histogram scratch = newHistogram();
  final List<Span> pauses = new ArrayList<>();
  /** The longest arrival gaps (a min-heap by length, at most {@value #MAX_GAPS}). */
  final java.util.PriorityQueue<Span> gaps = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Span::nanos));
  long totalRequests;
  long totalKo;
  long arrivals;
  long hiccupSamples;
  long startNanos = System.nanoTime();
  long startEpochMs = System.currentTimeMillis();
  long lastArrival = startNanos;
  private boolean started;
  private boolean ended;
  private HistogramLogWriter writer;
  private Thread flusher;
  private volatile boolean closing;

  /** An in-memory recorder (no interval log), for tests of the accounting. */
  public LoadRecorder() {
    this(null, 0);
  }

  /**
   * @param hlog where to write the interval log, or null for none
   * @param stepSeconds with {@code > 0}, responses are also kept per step of that length (the sweep)
   */
  public LoadRecorder(Path hlog, int stepSeconds) {
    this.hlog = hlog;
    this.stepSeconds = stepSeconds;
    this.mergedLogs = List.of();
  }

  /** A recorder that holds injectors' merged states ({@link RecorderState#merge}): nothing is recorded into it. */
  LoadRecorder(List<Path> logs) {
    this.hlog = null;
    this.stepSeconds = 0;
    this.mergedLogs = List.copyOf(logs);
    this.startNanos = 0;
    this.lastArrival = 0;
    this.started = true;
    this.ended = true;
  }

  /** A histogram of nanoseconds shaped like the recorder's (up to an hour, three significant digits). */
  public static Histogram newHistogram() {
    return new Histogram(HIGHEST_NS, 3);
  }

  /** Second 0 of the timeline: called by the simulation when Gatling starts it. */
  public void start() {
    synchronized (this) {
      startNanos = System.nanoTime();
      startEpochMs = System.currentTimeMillis();
      lastArrival = startNanos;
      started = true;
      hiccups.reset();
      hiccupSamples = 0;
      pauses.clear();
      if (hlog != null && writer == null) {
        try {
          writer = new HistogramLogWriter(hlog.toFile());
        } catch (FileNotFoundException e) {
          throw new UncheckedIOException("cannot write the interval log " + hlog, e);
        }
        writer.outputComment("apex-bench load: one interval per second; tags ok:<request> and ko:<request> (response"
            + " times in ns, names with %20 for space and %2C for comma), generator:hiccup, generator:arrival-gap");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMs);
        writer.outputBaseTime(startEpochMs);
        writer.outputLegend();
      }
    }
    if (hlog != null && flusher == null) {
      flusher = new Thread(this::flushLoop, "apex-load-log");
      flusher.setDaemon(true);
      flusher.start();
    }
  }

  /**
   * Every user has finished: the generator's health is no longer measured (Gatling builds its
   * report next, which is not part of the load).
   */
  public synchronized void end() {
    ended = true;
  }

  /**
   * A response: when its user arrived ({@link #arrival()}'s value, or 0 if unknown), its time in ms
   * (null when none was measured), its status (null: no response) and whether it failed.
   */
  public void record(String name, String group, long arrivalNanos, Long responseTimeMs, Integer status, boolean ko) {
    record(name, group, arrivalNanos, responseTimeMs, status, ko, (String) null, 0);
  }

  /**
   * A response, with the api's {@code Server-Timing} header (null when it carried none) and the
   * client's own time for it in ns (from just before it was sent to its checks done; 0 when not
   * known): a successful request's phases are kept per request name ({@link Series#phases}).
   */
  public void record(String name, String group, long arrivalNanos, Long responseTimeMs, Integer status, boolean ko,
      String serverTiming, long clientNanos) {
    ServerTiming timing = ko ? null : ServerTiming.parse(serverTiming); // parsed outside the lock every Gatling thread takes
    record(name, group, arrivalNanos, responseTimeMs, status, ko, timing, clientNanos);
  }

  private synchronized void record(String name, String group, long arrivalNanos, Long responseTimeMs, Integer status, boolean ko,
      ServerTiming serverTiming, long clientNanos) {
    long now = System.nanoTime();
    Series s = series.computeIfAbsent(name, n -> new Series(n, group));
    int sec = secondOf(now);
    Second counters = seconds.computeIfAbsent(sec, k -> new Second());
    int arrivalSec = arrivalNanos > 0 ? secondOf(arrivalNanos) : sec;
    (arrivalSec == sec ? counters : seconds.computeIfAbsent(arrivalSec, k -> new Second())).sentByArrival++;
    Series step = null;
    if (stepSeconds > 0) {
      int byArrival = arrivalSec / stepSeconds;
      step = steps.computeIfAbsent(byArrival, k -> new Series("step " + k, "all"));
      step.requests++;
      step.ko += ko ? 1 : 0;
    }
    s.requests++;
    counters.requests++;
    totalRequests++;
    if (ko) {
      s.koByStatus.merge(status == null ? "no response" : status.toString(), 1L, Long::sum);
      s.ko++;
      counters.ko++;
      totalKo++;
    }
    if (responseTimeMs != null) {
      long ns = Math.max(1, responseTimeMs) * 1_000_000L;
      s.all.recordValue(ns);
      totalAll.recordValue(ns);
      interval(sec, (ko ? TAG_KO : TAG_OK) + encode(name)).recordValue(ns);
      if (!ko) {
        s.phases.recordTiming(serverTiming, clientNanos);
        s.histogram.recordValue(ns);
        total.recordValue(ns);
        if (step != null) {
          step.histogram.recordValue(ns);
        }
      }
    }
  }

  /** A virtual user started; returns its arrival time ({@link System#nanoTime()}). */
  public synchronized long arrival() {
    long now = System.nanoTime();
    arrivals++;
    int sec = secondOf(now);
    seconds.computeIfAbsent(sec, k -> new Second()).arrivals++;
    long gap = Math.max(1, now - lastArrival);
    interval(sec, TAG_ARRIVAL_GAP).recordValue(Math.min(gap, HIGHEST_NS));
    if (gaps.size() < MAX_GAPS || gap > gaps.peek().nanos()) {
      gaps.add(new Span(lastArrival, now));
      if (gaps.size() > MAX_GAPS) {
        gaps.poll();
      }
    }
    lastArrival = now;
    return now;
  }

  /** From the {@link HiccupMeter}: a wake-up due at {@code dueNanos} came {@code hiccupNanos} late. */
  @Override
  public synchronized void hiccup(long dueNanos, long hiccupNanos) {
    if (!started || ended) {
      return;
    }
    long h = Math.min(hiccupNanos, HIGHEST_NS);
    hiccups.recordValueWithExpectedInterval(h, HiccupMeter.RESOLUTION_NS);
    hiccupSamples++;
    interval(secondOf(dueNanos), TAG_HICCUP).recordValueWithExpectedInterval(h, HiccupMeter.RESOLUTION_NS);
    if (h >= EVENT_NANOS && pauses.size() < MAX_EVENTS) {
      pauses.add(new Span(dueNanos, dueNanos + h));
    }
  }

  /** The current histogram of a tag for second {@code sec} of the interval log (a scratch one without a log). */
  private Histogram interval(int sec, String tag) {
    if (hlog == null) {
      scratch.reset();
      return scratch;
    }
    return pending.computeIfAbsent(sec, k -> new LinkedHashMap<>()).computeIfAbsent(tag, t -> {
      Histogram h = pool.poll();
      return h != null ? h : newHistogram();
    });
  }

  private int secondOf(long nanos) {
    return (int) Math.max(0, (nanos - startNanos) / 1_000_000_000L);
  }

  /** Writes every second that has ended (no response can still land in it) to the log. */
  private void flushLoop() {
    while (!closing) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      flush(false);
    }
  }

  private void flush(boolean all) {
    List<Map.Entry<Integer, Map<String, Histogram>>> done = new ArrayList<>();
    synchronized (this) {
      int current = secondOf(System.nanoTime());
      while (!pending.isEmpty() && (all || pending.firstKey() < current)) {
        done.add(pending.pollFirstEntry());
      }
    }
    if (writer == null || done.isEmpty()) {
      recycle(done);
      return;
    }
    synchronized (writer) {
      for (Map.Entry<Integer, Map<String, Histogram>> e : done) {
        for (Map.Entry<String, Histogram> t : e.getValue().entrySet()) {
          Histogram h = t.getValue();
          h.setTag(t.getKey());
          writer.outputIntervalHistogram(e.getKey(), e.getKey() + 1, h, 1e6);
        }
      }
    }
    recycle(done);
  }

  private void recycle(List<Map.Entry<Integer, Map<String, Histogram>>> done) {
    synchronized (this) {
      for (Map.Entry<Integer, Map<String, Histogram>> e : done) {
        for (Histogram h : e.getValue().values()) {
          h.reset();
          h.setTag(null);
          if (pool.size() < 64) {
            pool.add(h);
          }
        }
      }
    }
  }

  /** Ends the recording: the rest of the log is written and closed. Idempotent. */
  @Override
  public void close() {
    closing = true;
    if (flusher != null) {
      flusher.interrupt();
      try {
        flusher.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush(true);
    if (writer != null) {
      synchronized (writer) {
        writer.close();
      }
    }
  }

  /** A request name as an interval-log tag: no space or comma (the log's delimiters). */
  public static String encode(String name) {
    return name.replace("%", "%25").replace(" ", "%20").replace(",", "%2C");
  }

  /** The request name of a tag's name part. */
  public static String decode(String encoded) {
    return encoded.replace("%2C", ",").replace("%20", " ").replace("%25", "%");
  }

  public Path hlog() {
    return hlog;
  }

  /** The interval logs behind this recorder: its own, or the merged injectors'. */
  public List<Path> logs() {
    return hlog != null ? List.of(hlog) : mergedLogs;
  }

  /** Wall-clock time of second 0 (ms since the epoch). */
  public synchronized long startEpochMs() {
    return startEpochMs;
  }

  public synchronized double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** {@link System#nanoTime()} of second 0. */
  public synchronized long startNanos() {
    return startNanos;
  }

  public synchronized List<Series> series() {
    return new ArrayList<>(series.values());
  }

  /** Per second of the run: requests and failures (by completion), arrivals. */
  public synchronized Map<Integer, Second> seconds() {
    return new TreeMap<>(seconds);
  }

  /** Per sweep step (by index), when recorded with a step length; responses by their user's arrival. */
  public synchronized Map<Integer, Series> steps() {
    return new TreeMap<>(steps);
  }

  /** Successful requests, all endpoints. */
  public synchronized Histogram total() {
    return total.copy();
  }

  /** Every timed request, all endpoints. */
  public synchronized Histogram totalAll() {
    return totalAll.copy();
  }

  /** The generator's hiccups in ns (jHiccup's histogram: pauses counted with the samples they swallowed). */
  public synchronized Histogram hiccups() {
    return hiccups.copy();
  }

  public synchronized long hiccupSamples() {
    return hiccupSamples;
  }

  /** Generator pauses of at least {@link #EVENT_NANOS}, in order. */
  public synchronized List<Span> pauses() {
    return new ArrayList<>(pauses);
  }

  /**
   * The {@value #MAX_GAPS} longest gaps between arrivals (the first from second 0 to the first
   * arrival), in time order.
   */
  public synchronized List<Span> arrivalGaps() {
    List<Span> out = new ArrayList<>(gaps);
    out.sort(java.util.Comparator.comparingLong(Span::startNanos));
    return out;
  }

  /** {@link System#nanoTime()} of the last arrival (second 0 before any). */
  public synchronized long lastArrivalNanos() {
    return lastArrival;
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
