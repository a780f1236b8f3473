package dev.apexbench.harness.run;

import dev.apexbench.jmh.JmhSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Named measurement profiles, one setting for every phase. smoke proves the plumbing (in-process
 * JMH, short iterations: numbers are indicative only); quick is the default and fits a CI job on 2
 * cores; full is for release decisions (several forks, long iterations). The comparison tests
 * per-iteration values, so the number of iterations decides what it can see: a comparison tests about
 * 90 latency metrics, so Holm's strictest level is 0.01 / 90 = 1.1e-4, and ten iterations per run
 * give the rank test a smallest p of 1.8e-4 (iteration percentiles tie, so the normal
 * approximation), never enough. quick measures 20 iterations of 0.25 s (the same 5 s as ten of 0.5
 * s; smallest p about 7e-8) and full 3 forks of ten (30); smoke keeps ten of 0.1 s: it checks the
 * plumbing, and its query latencies cannot be called regressions in a full comparison (the
 * comparison says so).
 */
public enum Profile {
  SMOKE("smoke", new JmhSettings(0, 1, Duration.ofMillis(500), 10, Duration.ofMillis(100), 1, "1g"),
      new LoadShape(20, 2, Duration.ofSeconds(10), Duration.ofSeconds(5), List.of(10.0, 20.0, 40.0), Duration.ofSeconds(5))),
  QUICK("quick", new JmhSettings(1, 2, Duration.ofSeconds(1), 20, Duration.ofMillis(250), 1, "1g"),
      new LoadShape(50, 5, Duration.ofSeconds(60), Duration.ofSeconds(15), List.of(25.0, 50.0, 100.0, 200.0), Duration.ofSeconds(15))),
  FULL("full", new JmhSettings(3, 3, Duration.ofSeconds(2), 10, Duration.ofSeconds(2), 1, "1g"),
      new LoadShape(100, 10, Duration.ofSeconds(300), Duration.ofSeconds(30), List.of(25.0, 50.0, 100.0, 200.0, 400.0), Duration.ofSeconds(30)));

  /**
   * The load of a profile: read users per second (one request each), write journeys per second
   * (four requests each), how long; an unrecorded warm-up run at the same rates before it; and the
   * sweep's steps, each held for {@code stepDuration}.
   */
  public record LoadShape(double readRate, double writeRate, Duration duration, Duration warmup, List<Double> sweepSteps, Duration stepDuration) {}

  private final String label;
  private final JmhSettings jmh;
  private final LoadShape load;

  Profile(String label, JmhSettings jmh, LoadShape load) {
    this.label = label;
    this.jmh = jmh;
    this.load = load;
  }

  public LoadShape load() {
    return load;
  }

  public String label() {
    return label;
  }

  public JmhSettings jmh(int threads) {
    return new JmhSettings(
        jmh.forks(), jmh.warmupIterations(), jmh.warmupTime(), jmh.measurementIterations(), jmh.measurementTime(), threads, jmh.maxHeap());
  }

  public static String labels() {
    return Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", "));
  }

  /** The profile of this label, if there is one. */
  public static java.util.Optional<Profile> find(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
  }
}
