package dev.apexbench.gatling;

import java.util.concurrent.locks.LockSupport;

/**
 * Measures the load generator's own pauses with jHiccup's method (Gil Tene, <a
 * href="https://github.com/giltene/jHiccup">jHiccup</a>; its artifact is not served here, so the
 * method is applied on HdrHistogram): a thread asks to sleep for {@value #RESOLUTION_MS} ms again
 * and again and reports by how much each wake-up overshot. Whatever stops a JVM's threads (a GC
 * pause, a safepoint, the process starved of CPU or stopped by a signal) stops this thread too, so
 * an overshoot is a pause that every thread of the generator suffered: requests due in it went out
 * late and were timed from their late start, so their latencies look normal. The sink records the
 * overshoots (see {@link LoadRecorder#hiccup}).
 */
public final class HiccupMeter implements AutoCloseable {
  /** How long the meter sleeps between wake-ups. */
  public static final long RESOLUTION_MS = 1;

  static final long RESOLUTION_NS = RESOLUTION_MS * 1_000_000L;

  /** Receives each wake-up: when it was due ({@link System#nanoTime()}) and how late it came. */
  @FunctionalInterface
  public interface Sink {
    void hiccup(long dueNanos, long hiccupNanos);
  }

  private final Thread thread;
  private volatile boolean running = true;

  private HiccupMeter(Sink sink) {
    thread = new Thread(() -> loop(sink), "apex-hiccup-meter");
    thread.setDaemon(true); // normal priority, as jHiccup: it should feel what the generator feels
  }

  /** Starts a meter thread in this JVM. */
  public static HiccupMeter start(Sink sink) {
    HiccupMeter m = new HiccupMeter(sink);
    m.thread.start();
    return m;
  }

  private void loop(Sink sink) {
    long before = System.nanoTime();
    while (running) {
      LockSupport.parkNanos(RESOLUTION_NS);
      long after = System.nanoTime();
      sink.hiccup(before + RESOLUTION_NS, Math.max(0, after - before - RESOLUTION_NS));
      before = after;
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
