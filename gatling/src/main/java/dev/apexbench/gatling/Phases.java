package dev.apexbench.gatling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Where the time of an endpoint's successful requests went, from the api's {@code Server-Timing}
 * header and the generator's own clock: one HdrHistogram (nanoseconds, three significant digits,
 * so microseconds at the api's resolution) per phase.
 *
 * <p>The parts add up to the client-observed time of each request: {@code queue + pool + db +
 * encode + other + network+client = client}, where {@code other} is the rest of the server's total
 * (the route's own work between the measured phases) and {@code network+client} is the client's
 * time minus the server's total (sending and receiving the bytes, the network, the generator). The
 * server's total and the client's time are kept too, as references.
 *
 * <p>Not thread safe: the {@link LoadRecorder} holds its monitor when it records.
 */
public final class Phases {
  /** The parts of a request's time, in the order they happen (their means add up to the client's). */
  public static final List<String> PARTS = List.of("queue", "pool", "db", "encode", "other", "network+client");
  /** The server's total (accepted to answer handed to the network), a reference. */
  public static final String SERVER = "server";
  /** The client's time (just before the request was sent to its checks done), a reference. */
  public static final String CLIENT = "client";

  private final Map<String, Histogram> histograms = new LinkedHashMap<>();
  private long timed;
  private long untimed;
  private long clamped;

  public Phases() {
    for (String p : PARTS) {
      histograms.put(p, LoadRecorder.newHistogram());
    }
    histograms.put(SERVER, LoadRecorder.newHistogram());
    histograms.put(CLIENT, LoadRecorder.newHistogram());
  }

  /**
   * One successful request: its header value (null when the answer carried none) and the
   * client's time in ns.
   */
  public void record(String serverTiming, long clientNanos) {
    recordTiming(ServerTiming.parse(serverTiming), clientNanos);
  }

  /** One successful request: its parsed header (null when the answer carried none) and the client's time in ns. */
  public void recordTiming(ServerTiming t, long clientNanos) {
    if (t == null || clientNanos <= 0) {
      untimed++;
      return;
    }
    timed++;
    long other = t.totalNanos() - t.queueNanos() - t.poolNanos() - t.dbNanos() - t.encodeNanos();
    long network = clientNanos - t.totalNanos();
    if (other < 0 || network < 0) {
      clamped++;
    }
    add("queue", t.queueNanos());
    add("pool", t.poolNanos());
    add("db", t.dbNanos());
    add("encode", t.encodeNanos());
    add("other", other);
    add("network+client", network);
    add(SERVER, t.totalNanos());
    add(CLIENT, clientNanos);
  }

  private void add(String phase, long nanos) {
    Histogram h = histograms.get(phase);
    h.recordValue(Math.min(Math.max(0, nanos), h.getHighestTrackableValue()));
  }

  /** Adds another endpoint's phases (a group's breakdown is its endpoints' merged). */
  public void add(Phases other) {
    other.histograms.forEach((k, v) -> histograms.get(k).add(v));
    timed += other.timed;
    untimed += other.untimed;
    clamped += other.clamped;
  }

  /** Adds counts read back from a stored state ({@link RecorderState}). */
  void addCounts(long timed, long untimed, long clamped) {
    this.timed += timed;
    this.untimed += untimed;
    this.clamped += clamped;
  }

  /** Every part's and reference's histogram, by name. */
  Map<String, Histogram> histograms() {
    return histograms;
  }

  /** The histogram of a part or reference, in ns. */
  public Histogram histogram(String phase) {
    Histogram h = histograms.get(phase);
    if (h == null) {
      throw new IllegalArgumentException("no phase " + phase + "; phases are " + histograms.keySet());
    }
    return h;
  }

  /** Successful requests whose answer carried a Server-Timing header. */
  public long timed() {
    return timed;
  }

  /** Successful requests without one (an api that does not send it, or has it turned off). */
  public long untimed() {
    return untimed;
  }

  /**
   * Requests where the server's phases added up to more than its total, or its total to more
   * than the client's time (rounding to the header's microsecond; recorded as 0).
   */
  public long clamped() {
    return clamped;
  }
}
