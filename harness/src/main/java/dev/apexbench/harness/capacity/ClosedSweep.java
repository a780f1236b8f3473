package dev.apexbench.harness.capacity;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.PointReadSimulation;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.LoadMapper;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.Load;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The closed-model sweep the USL is fitted to: at each concurrency N, N point reads ({@code GET
 * /projects/{id}/header}) kept in flight, each replaced the moment it is answered, and the
 * throughput that results. Only a closed model measures throughput against concurrency: an open
 * model's throughput is its offered rate until it fails.
 */
public final class ClosedSweep {
  private ClosedSweep() {}

  /** The sweep and the law fitted to it. */
  public static Capacity.Usl run(String base, DatasetSpec dataset, List<Integer> levels, Duration step, Path runDir,
      LoadPlan.LoadAssertions assertions, Console console) throws Exception {
    List<Capacity.Usl.Point> points = new ArrayList<>();
    var ids = Map.of(PointReadSimulation.REQUEST, Feeds.ids(dataset, 4096));
    console.say("bench: capacity: closed-model sweep for the USL, concurrency " + levels + ", " + step.toSeconds() + " s each");
    for (int n : levels) {
      LoadPlan plan = new LoadPlan(base, 0, 0, step, List.of(), ids, List.of(), assertions, n);
      Path dir = Files.createDirectories(runDir.resolve(String.format(Locale.ROOT, "usl/%03d-in-flight", n)));
      GatlingLauncher.Outcome o = GatlingLauncher.run(plan, PointReadSimulation.class, dir, m -> {}, false);
      Load load = LoadMapper.load("usl", "closed", plan, o);
      double x = (load.total().requests() - load.total().ko()) / (step.toMillis() / 1000.0);
      console.say(String.format(Locale.ROOT, "  %d in flight: %.1f requests/s, p50 %.1f ms, %d failed", n, x, load.total().p50Ms(),
          load.total().ko()));
      points.add(new Capacity.Usl.Point(n, Math.round(x * 100) / 100.0));
    }
    Capacity.Usl u = Usl.fit(points);
    console.say("bench: capacity: USL " + (u.sigma() == null ? u.note() : String.format(Locale.ROOT,
        "sigma %.4f +/- %.4f, kappa %.6f +/- %.6f, lambda %.1f rps, peak %.0f rps at %.1f in flight", u.sigma(), u.sigmaCi95(), u.kappa(),
        u.kappaCi95(), u.lambda(), u.peakRps(), u.peakConcurrency())));
    return u;
  }
}
