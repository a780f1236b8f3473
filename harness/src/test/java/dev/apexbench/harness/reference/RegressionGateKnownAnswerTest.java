package dev.apexbench.harness.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.RealServer;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.LoadRun;
import dev.apexbench.harness.load.Simulation;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regression gate calibrated against slowdowns of known size: the reference server (40 ms
 * fixed service, far from saturation) measured at 0 %, then again at 0 %, 20 % and 50 % slower,
 * each compared with the first by bench compare's statistics and defaults (after a run that warms
 * the JVM up, which the first run of a JVM otherwise carries). Two runs of one server flag nothing;
 * a slowdown at or above a metric's own "can see" figure is flagged on it, at the power that figure
 * is stated at (80 %): of the metrics that should see 20 %, at least three in four do; of those
 * that should see 50 % (at least twice their figure, where the power is all but 1), every one. A
 * slowdown of x of the service S shows at the client as x S / (S + o), o the client's and the
 * transport's own time (the baseline's p50 less S): that is the change the metric is asked to see.
 */
@RealServer
class RegressionGateKnownAnswerTest {
  static final DatasetSpec DATA = new DatasetSpec(new BigDecimal("0.1"), 42);
  static final CompareOptions DEFAULTS = new CompareOptions(15, 0.1, 0.01, false);
  static final long SERVICE_MS = 40;

  @TempDir Path home;

  ReferenceServer server;

  Results run(double slowdownPct, int k) throws Exception {
    return run(slowdownPct, k, Duration.ofSeconds(10));
  }

  Results run(double slowdownPct, int k, Duration d) throws Exception {
    server.slowdown(slowdownPct);
    LoadRequest req = new LoadRequest(Profile.SMOKE, 60.0, d, null, Simulation.READ, 8, false,
        URI.create(server.baseUrl()), 10, null, null, null, null, true, Duration.ofSeconds(1));
    return LoadRun.run(new TestWorkspace(home).workspace(), null, DATA, req, Targets.parse("version: 1\n", "none"), home.resolve("runs-" + k));
  }

  @Test
  void aaFlagsNothingAndEverySlowdownTheMetricCanSeeIsFlagged() throws Exception {
    try (ReferenceServer s = ReferenceServer.start(ReferenceSettings.of(8, Duration.ofMillis(SERVICE_MS), DATA))) {
      server = s;
      run(0, 99, Duration.ofSeconds(3)); // the JVM's first load, not measured against
      gate();
    }
  }

  private void gate() throws Exception {
    Results base = run(0, 0);
    Comparison aa = Comparator.compare(base, run(0, 1), DEFAULTS);
    assertThat(aa.metrics()).as("A/A").noneMatch(m -> Comparison.REGRESSION.equals(m.verdict()) || Comparison.IMPROVEMENT.equals(m.verdict()));
    for (double slowdown : new double[] {20, 50}) {
      Comparison c = Comparator.compare(base, run(slowdown, (int) slowdown), DEFAULTS);
      int shouldSee = 0;
      int saw = 0;
      List<String> missed = new ArrayList<>();
      for (Comparison.MetricChange m : c.metrics()) {
        double atClient = slowdown * SERVICE_MS / m.baseline();
        if (!m.metric().endsWith("_ms") || m.detectablePct() == null || atClient < m.detectablePct()) {
          continue;
        }
        shouldSee++;
        if (Comparison.REGRESSION.equals(m.verdict())) {
          saw++;
        } else {
          missed.add(String.format(java.util.Locale.ROOT, "%s %s: %.1f %% at the client, can see %.1f %%, measured %+.1f %%, p(Holm) %s",
              m.subject(), m.metric(), atClient, m.detectablePct(), m.changePct(), m.pAdjusted()));
        }
      }
      assertThat(shouldSee).as("metrics that could see %s %%", slowdown).isPositive();
      if (slowdown >= 50) {
        assertThat(missed).as("at 50 %% every metric that can see it flags it").isEmpty();
      } else {
        assertThat((double) saw / shouldSee).as("%d of %d flagged at %s %%; missed %s", saw, shouldSee, slowdown, missed)
            .isGreaterThanOrEqualTo(0.75);
      }
      assertThat(c.verdict()).isEqualTo(Comparison.REGRESSION);
    }
  }
}
