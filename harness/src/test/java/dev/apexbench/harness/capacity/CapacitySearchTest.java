package dev.apexbench.harness.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apexbench.harness.load.PoolSampler;
import dev.apexbench.reports.model.Capacity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capacity search's steps and what they say, against synthetic stacks with a known limit. */
class CapacitySearchTest {

  /**
   * A stack that meets every target up to {@code limit} rps, p95 flat then rising; above the limit
   * its requests wait for a connection (the pool phase rises, queue and db stay flat).
   */
  static Capacity.Step step(double offered, double limit, String phase) {
    boolean pass = offered <= limit;
    double p95 = offered < limit * 0.6 ? 5 : offered <= limit ? 15 : 400;
    double achieved = Math.min(offered, limit * 1.2);
    return step(offered, achieved, p95, Map.of("simple", p95), pass, pass ? List.of() : List.of("load simple p95_ms",
        "load simple pool_p95_ms"), phase, 0.4, pass ? 0.05 : 120.0, 2.0, 0.3);
  }

  static Capacity.Step step(double offered, double achieved, double p95, Map<String, Double> byGroup, boolean pass, List<String> failed,
      String phase, double queueMs, double poolMs, double dbMs, double cores) {
    return new Capacity.Step(offered, achieved, (long) offered * 10, 0, 2, p95, p95 * 1.5, byGroup, 3, achieved * 0.003, 3.0, 40.0, 0,
        15.0, 100.0, 1000.0, "1.00 ms mean x 10 calls: SELECT 1", 5, pass, failed, phase, cores, queueMs, poolMs, dbMs, poolMs, poolMs * 3);
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
    Capacity c = CapacityVerdict.summarise("full", 15, o, false, 2);
    assertThat(c.maxSustainableRps()).as("the highest passing step").isCloseTo(282.84, within(0.01));
    assertThat(c.maxSustainableRps()).isLessThanOrEqualTo(300);
    assertThat(c.firstBreach()).isEqualTo("load simple p95_ms");
    assertThat(c.bottleneck().name()).as("the pool phase rose, queue and db stayed flat").isEqualTo("pool");
    assertThat(c.bottleneck().evidence()).contains("pool 0.05 -> 120.00 ms").contains("acquire timer").contains("SELECT 1");
    assertThat(c.honoursAccepted()).isFalse();
    assertThat(o.note()).contains("after 3 bisections");
  }

  @Test
  void aStepDuringWhichTheGeneratorPausedIsMeasuredAgainAndTakesNoPartInTheVerdict() throws Exception {
    List<Double> offered = new ArrayList<>();
    int[] calls = {0};
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(25, 2, 5000, 0), (rate, phase) -> {
      offered.add(rate);
      calls[0]++;
      Capacity.Step st = step(rate, 300, phase);
      if (rate == 50 && calls[0] == 2) { // a burst after a 345 ms pause: p95 ten times the flat value, a failure
        return new Capacity.Step(rate, rate, 500, 0, 2, 150, 361, Map.of("simple", 150.0), 3, 1, 3.0, 40.0, 0, 15.0, 100.0, 1000.0, null,
            345, false, List.of("load simple p95_ms"), phase, 0.3, 60.0, 0.05, 2.0, 0.05, 0.1);
      }
      return st;
    });
    assertThat(offered.subList(0, 4)).as("50 rps measured again after the pause").containsExactly(25.0, 50.0, 50.0, 100.0);
    assertThat(o.steps()).extracting(Capacity.Step::phase).startsWith("grow", "disturbed", "grow");
    Capacity c = CapacityVerdict.summarise("full", 15, o, false, 2);
    assertThat(c.steps()).as("the attempt set aside stays in the results").hasSize(o.steps().size());
    assertThat(c.kneeByGroup().get("simple")).as("the burst is not the knee (50 rps would be)").isEqualTo(200.0);
    assertThat(c.maxSustainableRps()).isEqualTo(200);
  }

  @Test
  void aStepThatStaysDisturbedStandsAfterTwoAttemptsSetAside() throws Exception {
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(25, 2, 25, 0), (rate, phase) ->
        new Capacity.Step(rate, rate, 500, 0, 2, 5, 6, Map.of("simple", 5.0), 3, 1, 3.0, 40.0, 0, 15.0, 100.0, 1000.0, null,
            500, true, List.of(), phase, 0.3, 0.05, 0.05, 2.0, 0.05, 0.1));
    assertThat(o.steps()).extracting(Capacity.Step::phase).containsExactly("disturbed", "disturbed", "grow");
    assertThat(o.note()).as("the step that stands is named as measured under a pause").contains("paused over 100 ms in all 3 attempts")
        .contains("25.0 rps");
  }

  @Test
  void stopsAtTheMaximumWhenEverythingPasses() throws Exception {
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(25, 2, 80, 2), (rate, phase) -> step(rate, 1000, phase));
    assertThat(o.steps()).extracting(Capacity.Step::offeredRps).containsExactly(25.0, 50.0, 80.0);
    assertThat(o.note()).contains("reached the maximum rate (80 rps)");
    Capacity c = CapacityVerdict.summarise("full", 15, o, false, 2);
    assertThat(c.maxSustainableRps()).isEqualTo(80.0);
    assertThat(c.bottleneck().name()).isEqualTo("none found");
  }

  @Test
  void aFailingFirstStepIsRetriedLowerAndNoneFoundIsSaid() throws Exception {
    CapacitySearch.Outcome o = CapacitySearch.search(new CapacitySearch.Settings(100, 2, 5000, 2), (rate, phase) -> step(rate, 10, phase));
    assertThat(o.steps()).extracting(Capacity.Step::offeredRps).containsExactly(100.0, 50.0, 25.0);
    assertThat(o.note()).contains("no sustainable rate found");
    assertThat(CapacityVerdict.summarise("full", 15, o, false, 2).maxSustainableRps()).isNull();
  }

  @Test
  void theKneeIsWhereP95StaysAboveTwiceItsLowLoadValueNotANoisyStep() {
    List<double[]> pts = List.of(new double[] {25, 10}, new double[] {50, 41}, new double[] {100, 9}, new double[] {200, 42},
        new double[] {400, 500});
    assertThat(CapacityVerdict.knee(pts)).as("50 rps was one noisy step; from 200 it stays above 20 ms").isEqualTo(200.0);
  }

  @Test
  void eachGroupHasItsOwnKneeAndTheSlowGroupDoesNotHideTheOthers() {
    // jsonb sits high from the start (a scan) and never doubles; simple doubles from 200 rps
    List<Capacity.Step> steps = new ArrayList<>();
    double[][] rows = {{25, 2, 60}, {50, 2, 62}, {100, 3, 64}, {200, 9, 70}, {400, 30, 90}};
    for (double[] r : rows) {
      steps.add(step(r[0], r[0], r[2], Map.of("simple", r[1], "jsonb", r[2]), true, List.of(), "grow", 0.1, 0.1, 1, 0.2));
    }
    Map<String, Double> knees = CapacityVerdict.kneesByGroup(steps);
    assertThat(knees).containsEntry("simple", 200.0).doesNotContainKey("jsonb");
    Capacity c = CapacityVerdict.summarise("full", 15, new CapacitySearch.Outcome(steps, "test"), false, 2);
    assertThat(c.kneeRps()).isEqualTo(200.0);
    assertThat(c.kneeGroup()).isEqualTo("simple");
  }

  @Test
  void aStarvedGeneratorIsNamedBeforeTheStack() {
    Capacity.Step low = step(50, 50, 5, Map.of(), true, List.of(), "grow", 0.1, 0.1, 1, 0.2);
    Capacity.Step s = step(400, 300, 900, Map.of(), false, List.of("load simple p95_ms", "load generator generator_max_pause_ms"), "grow",
        50, 0.1, 1, 0.5);
    assertThat(CapacityVerdict.bottleneck(low, s, 2).name()).isEqualTo("load generator");
  }

  @Test
  void theBottleneckIsThePartOfTheServersTimeThatRoseNotTheOrderOfTheChecks() {
    Capacity.Step low = step(50, 50, 5, Map.of(), true, List.of(), "grow", 0.2, 0.1, 2.0, 0.2);
    List<String> failed = List.of("load simple p95_ms");
    assertThat(CapacityVerdict.bottleneck(low, step(400, 300, 90, Map.of(), false, failed, "grow", 40, 0.1, 2.1, 0.4), 2).name())
        .as("queue rose, pool and db flat, the api's JVM far from the cores").isEqualTo("server saturation");
    assertThat(CapacityVerdict.bottleneck(low, step(400, 300, 90, Map.of(), false, failed, "grow", 40, 0.1, 2.1, 1.95), 2).name())
        .as("queue rose with the api using both cores").isEqualTo("api CPU");
    assertThat(CapacityVerdict.bottleneck(low, step(400, 300, 90, Map.of(), false, failed, "grow", 0.3, 0.1, 30, 0.4), 2).name())
        .isEqualTo("database");
    Capacity.Bottleneck none = CapacityVerdict.bottleneck(low, step(400, 300, 90, Map.of(), false, failed, "grow", 0.2, 0.1, 2.1, 0.4), 2);
    assertThat(none.name()).as("nothing rose: not named by elimination").isEqualTo("unknown");
    Capacity.Step untimed = new Capacity.Step(400, 300, 4000, 0, 2, 90, 100, Map.of(), 3, 1, null, null, null, null, null, null, null, 5,
        false, failed, "grow", null, null, null, null, null, null);
    assertThat(CapacityVerdict.bottleneck(low, untimed, 2).name()).isEqualTo("unknown");
    assertThat(CapacityVerdict.bottleneck(low, untimed, 2).evidence()).contains("no Server-Timing");
  }

  @Test
  void theUslFitRecoversKnownParametersWithIntervalsThatHoldThem() {
    double lambda = 120;
    double sigma = 0.08;
    double kappa = 0.002;
    List<Capacity.Usl.Point> pts = new ArrayList<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (double n : new double[] {1, 2, 4, 8, 12, 16, 24, 32}) {
      double x = Usl.throughput(lambda, sigma, kappa, n) * (1 + (rnd.nextDouble() - 0.5) * 0.01); // 0.5 % noise
      pts.add(new Capacity.Usl.Point(n, x));
    }
    Capacity.Usl u = Usl.fit(pts);
    assertThat(u.sigma()).isCloseTo(sigma, within(0.01));
    assertThat(u.kappa()).isCloseTo(kappa, within(0.0003));
    assertThat(u.lambda()).isCloseTo(lambda, within(3.0));
    assertThat(Math.abs(u.sigma() - sigma)).as("sigma's interval holds it").isLessThanOrEqualTo(u.sigmaCi95());
    assertThat(Math.abs(u.kappa() - kappa)).as("kappa's interval holds it").isLessThanOrEqualTo(u.kappaCi95());
    assertThat(u.r2()).isGreaterThan(0.99);
    double peak = Math.sqrt((1 - sigma) / kappa); // 21.4, inside the measured 1..32
    assertThat(u.peakConcurrency()).isCloseTo(peak, within(1.5));
    assertThat(u.peakRps()).isCloseTo(Usl.throughput(lambda, sigma, kappa, peak), within(5.0));
    assertThat(u.measured()).hasSize(8);
  }

  @Test
  void aSweepThatDoesNotBracketThePeakOrHasTooFewPointsIsRefusedWithNoPeak() {
    List<Capacity.Usl.Point> pts = new ArrayList<>();
    for (double n : new double[] {1, 2, 3, 4, 5, 6, 7}) {
      pts.add(new Capacity.Usl.Point(n, Usl.throughput(100, 0.02, 0.0001, n))); // peak near 99 in flight
    }
    Capacity.Usl u = Usl.fit(pts);
    assertThat(u.peakConcurrency()).isNull();
    assertThat(u.sigma()).isNull();
    assertThat(u.note()).contains("does not bracket the peak");
    Capacity.Usl few = Usl.fit(pts.subList(0, 5));
    assertThat(few.note()).contains("at least 6 needed");
    assertThat(few.peakRps()).isNull();
  }

  @Test
  void aPlateauWithNoiseHasNoPeakEvenWhenTheFitPutsOneInsideTheSweep() {
    // the embedded stack's point reads as measured: a rise to about 4,400 rps by 8 in flight, then a
    // plateau with +/- 10 % noise (two cores are the limit; nothing makes the throughput fall)
    double[][] measured = {{1, 1038}, {2, 1966}, {4, 3678}, {8, 4418}, {16, 4209}, {32, 4207}, {48, 4671}, {64, 4926}, {96, 4808},
        {128, 4408}};
    List<Capacity.Usl.Point> pts = new ArrayList<>();
    for (double[] m : measured) {
      pts.add(new Capacity.Usl.Point(m[0], m[1]));
    }
    Capacity.Usl u = Usl.fit(pts);
    assertThat(u.kappa()).as("fitted").isNotNull();
    assertThat(u.kappa() - u.kappaCi95()).as("kappa's interval reaches 0").isLessThanOrEqualTo(0);
    assertThat(u.peakConcurrency()).as("no peak from a plateau").isNull();
    assertThat(u.peakRps()).isNull();
    assertThat(u.note()).contains("includes 0").contains("no peak reported");
  }

  @Test
  void poolGaugesAndTheAcquireTimerAreReadFromThePrometheusText() {
    String text = """
        # HELP hikaricp_connections_active Active connections
        hikaricp_connections_active{pool="apex-api"} 7.0
        hikaricp_connections_active_total 99
        hikaricp_connections_pending{pool="apex-api"} 2.0
        hikaricp_connections_max{pool="apex-api"} 10.0
        hikaricp_connections_acquire_seconds_count{pool="apex-api"} 1500
        hikaricp_connections_acquire_seconds_sum{pool="apex-api"} 0.75
        hikaricp_connections_acquire_seconds_max{pool="apex-api"} 0.012
        """;
    PoolSampler.Sample s = PoolSampler.parse(text);
    assertThat(s.active()).isEqualTo(7);
    assertThat(s.pending()).isEqualTo(2);
    assertThat(s.max()).isEqualTo(10);
    assertThat(s.acquireCount()).isEqualTo(1500);
    assertThat(s.acquireMaxSeconds()).isEqualTo(0.012);
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
