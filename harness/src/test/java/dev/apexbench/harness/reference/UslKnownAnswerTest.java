package dev.apexbench.harness.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.RealServer;
import dev.apexbench.harness.capacity.ClosedSweep;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.reports.model.Capacity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The USL fitted to a closed-model concurrency sweep of the reference server, whose contention is
 * set: the fit recovers sigma within 0.05 and kappa within its own confidence interval.
 *
 * <p>The known answer, exactly: each request also spends a fixed time o outside the server's
 * contended service S (the round trip, the client), so the sweep sees X(N) = N / (S f(N) + o), which
 * is the law with lambda = 1 / (S + o) and sigma, kappa scaled by S / (S + o) = S lambda. Kappa is
 * held to kappa S lambda, within lambda's interval; sigma to the set value.
 */
@RealServer
class UslKnownAnswerTest {
  @TempDir Path home;

  @Test
  void theFitRecoversTheSetContentionAndCoherencyWithIntervalsThatHoldThem() throws Exception {
    double sigma = 0.1;
    double kappa = 0.02; // peak at sqrt(0.9 / 0.02) = 6.7 in flight, inside the sweep
    double serviceMs = 40;
    ReferenceSettings s = ReferenceSettings.of(64, Duration.ofMillis((long) serviceMs), new DatasetSpec(new BigDecimal("0.1"), 42))
        .withContention(sigma, kappa);
    try (ReferenceServer server = ReferenceServer.start(s)) {
      Capacity.Usl u = ClosedSweep.run(server.baseUrl(), s.dataset(), List.of(1, 2, 4, 6, 8, 12, 16, 24), Duration.ofSeconds(2),
          new TestWorkspace(home).workspace().console());
      assertThat(u.sigma()).as(u.toString()).isNotNull();
      assertThat(u.sigma()).as("sigma, set to %s: %s", sigma, u).isBetween(sigma - 0.05, sigma + 0.05);
      // o is measured, not set: the fit's lambda is 1 / (S + o), so the kappa the sweep should see is kappa S lambda, an
      // interval as wide as lambda's (beside two busy loops o rose from about 3 to 6-9 ms, and one point's cycle, the first,
      // put it too high); kappa's own interval must meet it. A kappa off by 20 % misses it by far
      double seenLow = kappa * serviceMs * (u.lambda() - u.lambdaCi95()) / 1000;
      double seenHigh = kappa * serviceMs * (u.lambda() + u.lambdaCi95()) / 1000;
      double seen = kappa * serviceMs * u.lambda() / 1000;
      assertThat(u.kappa() + u.kappaCi95()).as("kappa %s +/- %s reaches the set %s as the sweep sees it, %.5f to %.5f", u.kappa(),
          u.kappaCi95(), kappa, seenLow, seenHigh).isGreaterThanOrEqualTo(seenLow);
      assertThat(u.kappa() - u.kappaCi95()).as("kappa %s +/- %s reaches the set %s as the sweep sees it, %.5f to %.5f", u.kappa(),
          u.kappaCi95(), kappa, seenLow, seenHigh).isLessThanOrEqualTo(seenHigh);
      // the intervals are informative, not wide enough to hold anything: kappa's is under half of kappa (it measured 8 %),
      // sigma's no wider than twice the test's own tolerance (it measured 0.03)
      assertThat(u.kappaCi95()).as("kappa's interval against kappa as seen, %s", seen).isLessThan(0.5 * seen);
      assertThat(u.sigmaCi95()).as("sigma's interval").isLessThanOrEqualTo(0.1);
      assertThat(u.peakConcurrency()).as("the peak, at 6.7 in flight").isBetween(4.0, 10.0);
      System.out.println("usl known answer: " + u);
      assertThat(u.measured()).hasSize(8);
    }
  }
}
