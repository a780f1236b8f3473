package dev.apexbench.harness.capacity;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.harness.run.Console;
import dev.apexbench.reports.model.Capacity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closed-model sweep the USL is fitted to: at each concurrency N, N clients each sending point
 * reads ({@code GET /projects/{id}/header}) one after the other ({@link ClosedLoop}), and the
 * throughput that results. Only a closed model measures throughput against concurrency: an open
 * model's throughput is its offered rate until it fails.
 */
public final class ClosedSweep {
  /** Each level runs this long before its answers are counted. */
  static final Duration WARMUP = Duration.ofMillis(500);

  private ClosedSweep() {}

  /** The sweep and the law fitted to it. */
  public static Capacity.Usl run(String base, DatasetSpec dataset, List<Integer> levels, Duration step, Console console) throws Exception {
    List<Capacity.Usl.Point> points = new ArrayList<>();
    List<String> paths = ClosedLoop.pointReads(Feeds.ids(dataset, 4096));
    console.say("bench: capacity: closed-model sweep for the USL, concurrency " + levels + ", " + step.toMillis() / 1000.0 + " s each");
    for (int n : levels) {
      ClosedLoop.Measured m = ClosedLoop.run(base, paths, n, WARMUP, step);
      console.say(String.format(Locale.ROOT, "  %d in flight: %.1f requests/s, mean %.1f ms, %d failed", n, m.throughputRps(), m.meanMs(),
          m.failed()));
      points.add(new Capacity.Usl.Point(n, Math.round(m.throughputRps() * 100) / 100.0));
    }
    Capacity.Usl u = Usl.fit(points);
    console.say("bench: capacity: USL " + (u.sigma() == null ? u.note() : String.format(Locale.ROOT,
        "sigma %.4f +/- %.4f, kappa %.6f +/- %.6f, lambda %.1f rps, peak %.0f rps at %.1f in flight", u.sigma(), u.sigmaCi95(), u.kappa(),
        u.kappaCi95(), u.lambda(), u.peakRps(), u.peakConcurrency())));
    return u;
  }
}
