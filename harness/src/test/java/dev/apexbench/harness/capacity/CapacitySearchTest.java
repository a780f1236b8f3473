package dev.apexbench.harness.capacity;

import dev.apexbench.harness.load.PoolSampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apexbench.reports.model.Capacity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity search's steps and what they say, against synthetic stacks with a known limit. */
class CapacitySearchTest {

  /** A stack that meets every target up to {@code limit} rps, with p95 flat then rising, and pool-bound above. */
  static Capacity.Step step(double offered, double limit, String phase) {
    boolean pass = offered <= limit;
    double p95 = offered < limit * 0.6 ? 5 : offered <= limit ? 15 : 400;
    double achieved = Math.min(offered, limit * 1.2);
    return new Capacity.Step(offered, achieved, (long) offered * 10, 0, 2, p95, p95 * 1.5, Map.of("simple", p95), 3, achieved * 0.003,
        pass ? 3.0 : 9.8, pass ? 40.0 : 100.0, pass ? 0 : 12, 30.0, 100.0, 1000.0, "1.00 ms mean x 10 calls: SELECT 1", 5,
        pass, pass ? List.of() : List.of("load simple p95_ms", "load simple pool_p95_ms"), phase);
  }

  @Test
  void growsByTheFactorThenBisectsBetweenTheLastPassAndTheFirstFailure() throws Exception {
    List<Double> offered = new ArrayList<>();
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(25, 2, 5000, 3), (rate, phase) -> {
      offered.add(rate);
      return step(rate, 300, phase);
    });
    // 25, 50, 100, 200 pass; 400 fails; bisect sqrt(200*400)=282.8 pass, then 336.4 fail, then 308.4 fail
    assertThat(offered.subList(0, 5)).containsExactly(25.0, 50.0, 100.0, 200.0, 400.0);
    assertThat(offered).hasSize(8);
    assertThat(offered.get(5)).isCloseTo(Math.sqrt(200 * 400), within(1e-9));
    assertThat(o.steps().subList(5, 8)).extracting(Capacity.Step::phase).containsOnly("bisect");
    Capacity c = CapacitySearch.summarise("full", 15, o);
    assertThat(c.maxSustainableRps()).as("the highest passing step").isCloseTo(282.84, within(0.01));
    assertThat(c.maxSustainableRps()).isLessThanOrEqualTo(300);
    assertThat(c.firstBreach()).isEqualTo("load simple p95_ms");
    assertThat(c.bottleneck().name()).isEqualTo("pool");
    assertThat(c.bottleneck().evidence()).contains("load simple pool_p95_ms").contains("SELECT 1");
    assertThat(o.note()).contains("after 3 bisections");
  }

  @Test
  void stopsAtTheMaximumWhenEverythingPasses() throws Exception {
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(25, 2, 80, 2), (rate, phase) -> step(rate, 1000, phase));
    assertThat(o.steps()).extracting(Capacity.Step::offeredRps).containsExactly(25.0, 50.0, 80.0);
    assertThat(o.note()).contains("reached the maximum rate (80 rps)");
    Capacity c = CapacitySearch.summarise("full", 15, o);
    assertThat(c.maxSustainableRps()).isEqualTo(80.0);
    assertThat(c.bottleneck().name()).isEqualTo("none found");
  }

  @Test
  void aFailingFirstStepIsRetriedLowerAndNoneFoundIsSaid() throws Exception {
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(100, 2, 5000, 2), (rate, phase) -> step(rate, 10, phase));
    assertThat(o.steps()).extracting(Capacity.Step::offeredRps).containsExactly(100.0, 50.0, 25.0);
    assertThat(o.note()).contains("no sustainable rate found");
    assertThat(CapacitySearch.summarise("full", 15, o).maxSustainableRps()).isNull();
  }

  @Test
  void theKneeIsWhereP95StaysAboveTwiceItsLowLoadValueNotANoisyStep() {
    List<Capacity.Step> steps = new ArrayList<>();
    double[][] ratesP95 = {{25, 10}, {50, 41}, {100, 9}, {200, 42}, {400, 500}};
    for (double[] x : ratesP95) {
      Capacity.Step s = step(x[0], 1000, "grow");
      steps.add(new Capacity.Step(s.offeredRps(), s.achievedRps(), s.requests(), 0, 2, x[1], x[1], Map.of(), 3, 1, null, null, null, null, null,
          null, null, 1, true, List.of(), "grow"));
    }
    assertThat(CapacitySearch.knee(steps)).as("50 rps was one noisy step; from 200 it stays above 20 ms").isEqualTo(200.0);
  }

  @Test
  void aStarvedGeneratorIsNamedBeforeTheStack() {
    Capacity.Step s = new Capacity.Step(400, 300, 4000, 0, 2, 900, 1000, Map.of(), 3, 1, 9.0, 100.0, 5, 80.0, 1.0, 1.0, null, 850, false,
        List.of("load simple p95_ms", "load generator generator_max_pause_ms"), "grow");
    assertThat(CapacitySearch.bottleneck(s, true).name()).isEqualTo("load generator");
  }

  @Test
  void theUslFitRecoversKnownParametersFromSyntheticSteps() {
    double lambda = 120;
    double sigma = 0.08;
    double kappa = 0.002;
    List<double[]> pts = new ArrayList<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (double n : new double[] {1, 2, 4, 8, 12, 16, 24, 32}) {
      double x = Usl.throughput(lambda, sigma, kappa, n) * (1 + (rnd.nextDouble() - 0.5) * 0.01); // 0.5 % noise
      pts.add(new double[] {n, x});
    }
    Capacity.Usl u = Usl.fit(pts);
    assertThat(u.sigma()).isCloseTo(sigma, within(0.01));
    assertThat(u.kappa()).isCloseTo(kappa, within(0.0003));
    assertThat(u.lambda()).isCloseTo(lambda, within(3.0));
    assertThat(u.r2()).isGreaterThan(0.99);
    double peak = Math.sqrt((1 - sigma) / kappa); // 21.4, inside the measured 32
    assertThat(u.peakConcurrency()).isCloseTo(peak, within(1.5));
    assertThat(u.peakRps()).isCloseTo(Usl.throughput(lambda, sigma, kappa, peak), within(5.0));
  }

  @Test
  void theUslPeakIsNotExtrapolatedBeyondTwiceTheMeasuredConcurrency() {
    List<double[]> pts = new ArrayList<>();
    for (double n : new double[] {1, 2, 3, 4, 5}) {
      pts.add(new double[] {n, Usl.throughput(100, 0.02, 0.0001, n)}); // peak near 99 in flight
    }
    Capacity.Usl u = Usl.fit(pts);
    assertThat(u.peakConcurrency()).isNull();
    assertThat(u.note()).contains("not extrapolated");
    assertThat(Usl.fit(pts.subList(0, 3)).note()).contains("at least 4 needed");
  }

  @Test
  void poolGaugesAreReadFromThePrometheusText() {
    String text = """
        # HELP hikaricp_connections_active Active connections
        hikaricp_connections_active{pool="apex-api"} 7.0
        hikaricp_connections_active_total 99
        hikaricp_connections_pending{pool="apex-api"} 2.0
        hikaricp_connections_max{pool="apex-api"} 10.0
        """;
    assertThat(PoolSampler.parse(text)).isEqualTo(new PoolSampler.Sample(7, 2, 10));
    assertThat(PoolSampler.parse("jvm_threads_live_threads 12\n")).isNull();
  }

  @Test
  void growthExponentsAndProjectedBreachesFromSyntheticScales() {
    // a scan: p95 = 40 ms * scale, target 50 ms -> breach near 1.25; a lookup: flat
    Map<Double, Double> scan = new java.util.TreeMap<>(Map.of(0.1, 4.0, 1.0, 40.0, 10.0, 400.0));
    Capacity.Growth g = GrowthFit.fit("jsonb.x", "jsonb", scan, 50.0);
    assertThat(g.growthExponent()).isCloseTo(1.0, within(0.001));
    assertThat(g.projectedBreachScale()).isCloseTo(1.25, within(0.01));
    assertThat(g.breachedAt()).isEqualTo(10.0);
    Map<Double, Double> lookup = new java.util.TreeMap<>(Map.of(0.1, 0.027, 1.0, 0.028, 10.0, 0.029));
    Capacity.Growth l = GrowthFit.fit("simple.x", "simple", lookup, 10.0);
    assertThat(l.growthExponent()).isLessThan(GrowthFit.FLAT);
    assertThat(l.projectedBreachScale()).isNull();
    assertThat(l.note()).contains("flat");
    Map<Double, Double> slow = new java.util.TreeMap<>(Map.of(1.0, 1.0, 10.0, 1.3));
    assertThat(GrowthFit.fit("a.y", "aggregation", slow, 100.0).note()).contains("not projected");
  }

  @Test
  void scalesAreCheckedBeforeAnyWork() {
    assertThat(GrowthFit.parseScales("0.1, 1,10")).containsExactly(0.1, 1.0, 10.0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GrowthFit.parseScales("1,ten")).hasMessageContaining("'ten' is not allowed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GrowthFit.parseScales("1")).hasMessageContaining("at least two");
  }
}
