package dev.apexbench.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.targets.Targets;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.List;
import java.util.Map;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Intervals;
import dev.apexbench.reports.model.Iterations;
import java.util.ArrayList;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ComparatorTest {

  private static final CompareOptions DEFAULTS = CompareOptions.defaults();

  /**
   * A query measured in {@code n} JMH iterations whose per-iteration p50 and p95 scatter around
   * {@code p50} (p95 = 1.5 x p50) with a relative spread {@code sd}, from a fixed seed; the
   * whole-run values are the medians of the iterations.
   */
  static QueryResult measured(String name, double p50, double sd, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double f = 1 + sd * gaussian(rnd);
      a.add(p50 * f);
      b.add(1.5 * p50 * f * (1 + sd * gaussian(rnd)));
    }
    return query(name, median(a), median(b), a, b);
  }

  static QueryResult query(String name, double p50, double p95, List<Double> itP50, List<Double> itP95) {
    List<Long> samples = itP50.stream().map(x -> 1000L).toList();
    return new QueryResult(name, "simple", null, null, null, null, 1, 1000L * itP50.size(), p50, p50, null, p95, null, null, null,
        null, null, null, null, null, new Iterations(1, samples, itP50, itP50, itP95));
  }

  static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    java.util.Collections.sort(s);
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  private static Results run(QueryResult... qs) {
    return Fixtures.results(List.of(qs), null, null);
  }

  private static MetricChange metric(Comparison c, String subject, String metric) {
    return c.metrics().stream().filter(m -> m.subject().equals(subject) && m.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void identicalRecordingsAreNoChange() {
    QueryResult q = measured("simple.q0", 2.0, 0.03, 10, 1);
    Comparison c = Comparator.compare(run(q), run(q), DEFAULTS);
    assertThat(c.verdict()).isEqualTo("no change");
    assertThat(c.metrics()).hasSize(2).allSatisfy(m -> {
      assertThat(m.verdict()).isEqualTo("no change");
      assertThat(m.changePct()).isZero();
      assertThat(m.pValue()).isGreaterThan(0.5);
      assertThat(m.ciLowPct()).isLessThanOrEqualTo(0.0);
      assertThat(m.ciHighPct()).isGreaterThanOrEqualTo(0.0);
      assertThat(m.unit()).isEqualTo("JMH iteration");
      assertThat(m.nBaseline()).isEqualTo(10);
    });
  }

  /**
   * The false-alarm rate of the whole procedure on pairs of runs of one build, replaying the noise
   * measured on this project's 2-core machine over 20 A/A pairs of smoke runs: the catalog's 14
   * queries at their measured p50 (the p95 at the measured p95/p50 ratio), each run shifting every
   * query together (the common shift: 2.2 % standard deviation per pair, so 1.5 % per run) and each
   * query on its own by its measured run-to-run spread, beyond a 2 % noise between the iterations of
   * one run; and 17 endpoints at their measured whole-millisecond p50 and p95, over twelve
   * intervals. A test on the iterations sees run-to-run drift as significant readily; the minimum
   * effects (15 %, 0.1 ms, 1 ms for load) must keep whole comparisons from calling a regression in
   * fewer than 1 in 20 pairs. (This model gives 12.5 % false alarms at a 10 % minimum effect,
   * 6.8 % at 12.5 %, 3.5 % at 15 % and 0.5 % at 20 %: hence the default of 15 %.)
   */
  @Test
  void pairsOfRunsOfOneBuildRarelyTripTheGate() {
    int pairs = 400;
    int alarms = 0;
    for (int pair = 0; pair < pairs; pair++) {
      alarms += Comparator.compare(drifted(pair * 2L), drifted(pair * 2L + 1), DEFAULTS).verdict().equals("regression") ? 1 : 0;
    }
    assertThat(alarms).as("pairs of one build called a regression, of " + pairs).isLessThan(pairs / 20);
  }

  /** Per query: p50 (ms), p95 / p50, and the measured run-to-run standard deviation of its p50 ratio per pair. */
  static final double[][] QUERIES = {
    {0.0262, 1.18, 0.025}, {0.0629, 1.13, 0.035}, {0.0267, 1.18, 0.034}, {0.0261, 1.20, 0.037}, {0.0493, 1.22, 0.038},
    {0.0437, 2.61, 0.039}, {0.0977, 1.32, 0.036}, {0.0404, 1.20, 0.027},
    {0.1761, 4.11, 0.061}, {0.0304, 1.19, 0.018}, {0.4695, 5.27, 0.063},
    {39.1, 1.15, 0.024}, {62.8, 1.13, 0.048}, {37.3, 1.08, 0.025}};

  /** Per endpoint: whole-ms p50 and p95 as measured. */
  static final double[][] ENDPOINTS = {
    {3, 6}, {3, 7}, {3, 6}, {3, 5}, {4, 5}, {4, 7}, {3, 4}, {3, 4}, {5, 14}, {4, 9}, {7, 12}, {4, 6}, {2, 5}, {2, 4},
    {45, 57}, {86, 90}, {41, 54}};

  static final double COMMON_DRIFT = 0.015;

  private static Results drifted(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 7919);
    double drift = 1 + COMMON_DRIFT * gaussian(rnd);
    List<QueryResult> qs = new ArrayList<>();
    for (int i = 0; i < QUERIES.length; i++) {
      double own = Math.sqrt(Math.max(0, QUERIES[i][2] * QUERIES[i][2] / 2 - COMMON_DRIFT * COMMON_DRIFT));
      double p50 = QUERIES[i][0] * drift * (1 + own * gaussian(rnd));
      SplittableRandom it = new SplittableRandom(rnd.nextLong());
      List<Double> a = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        double f = 1 + 0.02 * gaussian(it);
        a.add(p50 * f);
        b.add(p50 * QUERIES[i][1] * f * (1 + 0.02 * gaussian(it)));
      }
      qs.add(query("q" + i, median(a), median(b), a, b));
    }
    List<Endpoint> eps = new ArrayList<>();
    for (int i = 0; i < ENDPOINTS.length; i++) {
      List<Double> p50 = new ArrayList<>();
      List<Double> p95 = new ArrayList<>();
      for (int k = 0; k < 12; k++) {
        p50.add((double) Math.max(1, Math.round(ENDPOINTS[i][0] * drift * (1 + 0.05 * gaussian(rnd)))));
        p95.add((double) Math.max(1, Math.round(ENDPOINTS[i][1] * drift * (1 + 0.1 * gaussian(rnd)))));
      }
      eps.add(endpoint("GET /e" + i, median(p50), median(p95), p50, p95));
    }
    return Fixtures.results(qs, Fixtures.load(70, 70, eps), null);
  }

  static Endpoint endpoint(String name, double p50, double p95, List<Double> ivP50, List<Double> ivP95) {
    List<Integer> idx = java.util.stream.IntStream.range(0, ivP50.size()).boxed().toList();
    List<Long> counts = ivP50.stream().map(x -> 60L).toList();
    return new Endpoint(name, "simple", 720, 0, 12, p50, p50, p95, p95, p95, null, Map.of(), null,
        new Intervals(5, idx, counts, ivP50, ivP95));
  }

  @Test
  void aClearSlowdownIsARegressionWithAnIntervalAroundIt() {
    Comparison c = Comparator.compare(run(measured("simple.q0", 2.0, 0.03, 10, 1)), run(measured("simple.q0", 3.0, 0.03, 10, 2)), DEFAULTS);
    assertThat(c.verdict()).isEqualTo("regression");
    MetricChange p50 = metric(c, "simple.q0", "p50_ms");
    assertThat(p50.verdict()).isEqualTo("regression");
    assertThat(p50.changePct()).isBetween(40.0, 60.0);
    assertThat(p50.pValue()).isLessThan(0.001);
    assertThat(p50.pAdjusted()).as("Holm over the 2 metrics").isBetween(p50.pValue(), 2 * p50.pValue() + 1e-12);
    assertThat(p50.ciLowPct()).isGreaterThan(30.0).isLessThan(p50.changePct());
    assertThat(p50.ciHighPct()).isGreaterThan(p50.changePct()).isLessThan(70.0);
    assertThat(p50.test()).contains("Mann-Whitney U").contains("per-JMH iteration").contains("n 10 vs 10");
    assertThat(p50.detectablePct()).as("what these samples could see").isBetween(15.0, 20.0);
    assertThat(metric(c, "simple.q0", "p95_ms").verdict()).isEqualTo("regression");
  }

  @Test
  void aClearSpeedupIsAnImprovement() {
    Comparison c = Comparator.compare(run(measured("simple.q0", 3.0, 0.03, 10, 1)), run(measured("simple.q0", 2.0, 0.03, 10, 2)), DEFAULTS);
    assertThat(c.verdict()).isEqualTo("improvement");
    assertThat(metric(c, "simple.q0", "p50_ms").changePct()).isBetween(-40.0, -28.0);
  }

  @Test
  void regressionWinsOverImprovement() {
    Comparison c = Comparator.compare(
        run(measured("simple.q0", 3.0, 0.03, 10, 1), measured("simple.q1", 2.0, 0.03, 10, 3)),
        run(measured("simple.q0", 2.0, 0.03, 10, 2), measured("simple.q1", 3.0, 0.03, 10, 4)), DEFAULTS);
    assertThat(metric(c, "simple.q0", "p50_ms").verdict()).isEqualTo("improvement");
    assertThat(metric(c, "simple.q1", "p50_ms").verdict()).isEqualTo("regression");
    assertThat(c.verdict()).isEqualTo("regression");
  }

  @Test
  void aSignificantShiftBelowTheMinimumEffectIsNoChange() {
    // 5 % slower with 0.5 % noise per iteration: highly significant, and still too small to matter
    Comparison c = Comparator.compare(run(measured("simple.q0", 10.0, 0.005, 10, 1)), run(measured("simple.q0", 10.5, 0.005, 10, 2)), DEFAULTS);
    MetricChange p50 = metric(c, "simple.q0", "p50_ms");
    assertThat(p50.changePct()).isBetween(4.0, 6.0);
    assertThat(p50.pAdjusted()).as("significant").isLessThan(DEFAULTS.alpha());
    assertThat(p50.verdict()).as("but below the 15 % minimum effect").isEqualTo("no change");
    assertThat(p50.detectablePct()).as("the minimum effect is what it can see").isEqualTo(15.0);
    Comparison sensitive = Comparator.compare(run(measured("simple.q0", 10.0, 0.005, 10, 1)), run(measured("simple.q0", 10.5, 0.005, 10, 2)),
        new CompareOptions(1, 0.01, false));
    assertThat(sensitive.verdict()).as("with a 1 % minimum effect it is a regression").isEqualTo("regression");
  }

  @Test
  void aSignificantChangeOfMicrosecondsIsBelowTheAbsoluteMinimumEffect() {
    // +20 % on a 0.2 ms query is 40 us: what two runs of the same build show on a shared machine
    Comparison fast = Comparator.compare(run(measured("simple.q0", 0.2, 0.01, 10, 1)), run(measured("simple.q0", 0.24, 0.01, 10, 2)), DEFAULTS);
    assertThat(fast.metrics()).allSatisfy(m -> {
      assertThat(m.pAdjusted()).as(m.metric() + " is significant").isLessThan(0.01);
      assertThat(m.verdict()).as(m.metric()).isEqualTo("no change");
    });
    Comparison slow = Comparator.compare(run(measured("simple.q0", 20, 0.01, 10, 1)), run(measured("simple.q0", 24, 0.01, 10, 2)), DEFAULTS);
    assertThat(slow.verdict()).isEqualTo("regression");
    Comparison noFloor = Comparator.compare(run(measured("simple.q0", 0.2, 0.01, 10, 1)), run(measured("simple.q0", 0.24, 0.01, 10, 2)),
        new CompareOptions(15, 0, 0.01, false));
    assertThat(noFloor.verdict()).isEqualTo("regression");
  }

  @Test
  void tooFewUnitsCanDetectNothingAndSaySo() {
    Comparison c = Comparator.compare(run(measured("simple.q0", 2.0, 0.01, 3, 1)), run(measured("simple.q0", 4.0, 0.01, 3, 2)), DEFAULTS);
    MetricChange p50 = metric(c, "simple.q0", "p50_ms");
    assertThat(p50.changePct()).isGreaterThan(90);
    assertThat(p50.verdict()).as("3 vs 3 iterations cannot reach significance").isEqualTo("no change");
    assertThat(p50.detectableMs()).isNull();
    assertThat(SubjectComparison.smallestP(3, 3)).isEqualTo(0.1);
    assertThat(SubjectComparison.smallestP(10, 10)).isCloseTo(2 / 184756.0, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void holmAdjustsStepDownAndKeepsTheOrder() {
    double[] adj = Comparator.holm(new double[] {0.01, Double.NaN, 0.04, 0.03, 0.005});
    // sorted: 0.005 (x4) 0.01 (x3) 0.03 (x2) 0.04 (x1) -> 0.02, 0.03, 0.06, max(0.06, 0.04) = 0.06
    assertThat(adj[4]).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(adj[0]).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(adj[3]).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(adj[2]).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(adj[1]).isNaN();
  }

  @Test
  void theSameInputsGiveTheSameComparison() {
    Results a = run(measured("simple.q0", 2.0, 0.04, 10, 1));
    Results b = run(measured("simple.q0", 2.1, 0.04, 10, 2));
    assertThat(Comparator.compare(a, b, DEFAULTS)).isEqualTo(Comparator.compare(a, b, DEFAULTS));
  }

  @Test
  void runsOfDifferentDatasetsAreRefusedUnlessForced() {
    Results base = run(measured("simple.q0", 2.0, 0.03, 10, 1));
    Results other = new Results(base.schemaVersion(),
        Fixtures.run("smoke", 10, List.of(new Phase("jmh", Phase.OK, 1, null)), Map.of("shared_buffers", "128MB")),
        new Datagen(1, 1, 1, 1, 1, "fp-2", false), base.queries(), null, null, null, null, null, null);
    assertThatThrownBy(() -> Comparator.compare(base, other, DEFAULTS))
        .isInstanceOf(CompareException.class)
        .hasMessage("runs differ in: dataset fingerprint (fp-1 vs fp-2), scale (1 vs 10), profile (quick vs smoke),"
            + " server settings (shared_buffers: 256MB vs 128MB); pass --force to compare anyway");

    Comparison forced = Comparator.compare(base, other, DEFAULTS.withForce(true));
    assertThat(forced.forced()).isTrue();
    assertThat(forced.mismatches()).containsExactly("dataset fingerprint (fp-1 vs fp-2)", "scale (1 vs 10)",
        "profile (quick vs smoke)", "server settings (shared_buffers: 256MB vs 128MB)");
    assertThat(forced.verdict()).isEqualTo("no change");
  }

  @Test
  void runsOnAnotherServerVersionOrProviderAreRefusedUnlessForced() {
    Results base = run(measured("simple.q0", 2.0, 0.03, 10, 1));
    dev.apexbench.reports.model.RunInfo r = base.run();
    dev.apexbench.reports.model.DbInfo d = r.db();
    dev.apexbench.reports.model.DbInfo pg15 =
        new dev.apexbench.reports.model.DbInfo("docker", d.url(), "15.18", d.version(), d.settings(), d.pgStatStatements());
    dev.apexbench.reports.model.RunInfo onPg15 = new dev.apexbench.reports.model.RunInfo(r.id(), r.command(), r.startedAt(), r.finishedAt(),
        r.profile(), r.scale(), r.seed(), r.schemaVariant(), r.schemaVersion(), r.gitCommit(), r.gitDirty(), r.settings(), r.machine(),
        pg15, r.jdbc(), r.phases(), r.failedPhase());
    Results other = new Results(base.schemaVersion(), onPg15, base.datagen(), base.queries(), null, null, null, null, null, null);
    assertThatThrownBy(() -> Comparator.compare(base, other, DEFAULTS))
        .isInstanceOf(CompareException.class)
        .hasMessageContaining("db provider (" + d.provider() + " vs docker)")
        .hasMessageContaining("server version (" + d.serverVersion() + " vs 15.18)");
    assertThat(Comparator.compare(base, other, DEFAULTS.withForce(true)).mismatches()).hasSize(2);
  }

  @Test
  void runsWithDifferentWorkloadOverridesAreRefusedUnlessForced() {
    Results base = run(measured("simple.q0", 2.0, 0.03, 10, 1));
    dev.apexbench.reports.model.RunInfo r = base.run();
    java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(r.settings());
    more.put("threads", 4);
    java.util.Map<String, Object> one = new java.util.LinkedHashMap<>(r.settings());
    one.put("threads", 1);
    Results a = new Results(base.schemaVersion(), withSettings(r, one), base.datagen(), base.queries(), null, null, null, null, null, null);
    Results b = new Results(base.schemaVersion(), withSettings(r, more), base.datagen(), base.queries(), null, null, null, null, null, null);
    assertThatThrownBy(() -> Comparator.compare(a, b, DEFAULTS)).hasMessageContaining("workload (threads: 1 vs 4)");
  }

  /**
   * Gatling records whole milliseconds: a single 1 ms step is never a regression, at any value
   * from 1 to 200 ms (with the bucket tops of an HdrHistogram, 82 of these steps measured more than
   * 1 ms and tripped the 1 ms floor). Every interval moves by the same step, so the test is as
   * significant as it can be; only the floor can hold.
   */
  @Test
  void aOneMillisecondStepOfALoadEndpointIsNeverARegressionFrom1To200Ms() {
    for (int k = 1; k <= 200; k++) {
      Comparison c = Comparator.compare(loadRun(k), loadRun(k + 1), DEFAULTS);
      assertThat(c.verdict()).as(k + " -> " + (k + 1) + " ms").isNotEqualTo("regression");
    }
    assertThat(Comparator.compare(loadRun(2), loadRun(5), DEFAULTS).verdict()).as("3 ms slower is more than the resolution")
        .isEqualTo("regression");
  }

  private static Results loadRun(int ms) {
    List<Double> p50 = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      p50.add((double) ms);
      p95.add((double) ms);
    }
    return Fixtures.results(List.of(), Fixtures.load(70, 70, List.of(endpoint("GET /x", ms, ms, p50, p95))), null);
  }

  @Test
  void runsOnAnotherKindOfMachineAreRefusedUnlessForced() {
    Results base = run(measured("simple.q0", 2.0, 0.03, 10, 1));
    dev.apexbench.reports.model.RunInfo r = base.run();
    dev.apexbench.reports.model.Machine m2 = new dev.apexbench.reports.model.Machine(2, 24L << 30, "Linux 6.1 (amd64)", "OpenJDK 17", "a",
        1.0, 1.0, "Linux", "amd64", "Debian", "17.0.15");
    dev.apexbench.reports.model.Machine m4 = new dev.apexbench.reports.model.Machine(4, 16L << 30, "Mac OS X 14 (aarch64)", "OpenJDK 21", "b",
        1.0, 1.0, "Mac OS X", "aarch64", "Eclipse Adoptium", "21.0.5");
    Results a = new Results(base.schemaVersion(), withMachine(r, m2), base.datagen(), base.queries(), null, null, null, null, null, null);
    Results b = new Results(base.schemaVersion(), withMachine(r, m4), base.datagen(), base.queries(), null, null, null, null, null, null);
    assertThatThrownBy(() -> Comparator.compare(a, b, DEFAULTS))
        .hasMessageContaining("machine (cores (2 vs 4), memory GiB (24 vs 16), OS (Linux vs Mac OS X), arch (amd64 vs aarch64),"
            + " JVM vendor (Debian vs Eclipse Adoptium), JVM version (17.0.15 vs 21.0.5); refresh the baseline: take it from a run on this kind of machine)");
    assertThat(Comparator.compare(a, a, DEFAULTS).mismatches()).isEmpty();
    assertThat(Comparator.compare(a, b, DEFAULTS.withForce(true)).forced()).isTrue();
  }

  private static dev.apexbench.reports.model.RunInfo withMachine(dev.apexbench.reports.model.RunInfo r, dev.apexbench.reports.model.Machine m) {
    return new dev.apexbench.reports.model.RunInfo(r.id(), r.command(), r.startedAt(), r.finishedAt(), r.profile(), r.scale(), r.seed(),
        r.schemaVariant(), r.schemaVersion(), r.gitCommit(), r.gitDirty(), r.settings(), m, r.db(), r.jdbc(), r.phases(), r.failedPhase());
  }

  private static dev.apexbench.reports.model.RunInfo withSettings(dev.apexbench.reports.model.RunInfo r, java.util.Map<String, Object> s) {
    return new dev.apexbench.reports.model.RunInfo(r.id(), r.command(), r.startedAt(), r.finishedAt(), r.profile(), r.scale(), r.seed(),
        r.schemaVariant(), r.schemaVersion(), r.gitCommit(), r.gitDirty(), s, r.machine(), r.db(), r.jdbc(), r.phases(), r.failedPhase());
  }

  @Test
  void aSubjectMissingFromTheCurrentRunIsARegressionNamedAndNewOnesAndOldFilesAreNoted() {
    QueryResult old = new QueryResult("simple.old", "simple", null, null, null, null, 1, 10L, 1.0, 1.0, null,
        2.0, null, null, null, null, null, null, null, null, null); // an older results.json: no iterations
    Results base = Fixtures.results(List.of(measured("simple.gone", 2, 0.01, 10, 1), old), null, null);
    Results cur = Fixtures.results(List.of(measured("simple.new", 2, 0.01, 10, 1), old), null, null);
    Comparison c = Comparator.compare(base, cur, DEFAULTS);
    assertThat(c.notes()).contains("simple.new: only in the current run, not compared",
        "simple.old: latency not tested, the baseline run has no per-iteration values (written by an older apex-bench)");
    assertThat(metric(c, "simple.gone", "missing").verdict()).isEqualTo("regression");
    assertThat(c.verdict()).as("a query that vanished breaks the gate").isEqualTo("regression");
    assertThat(c.metrics()).filteredOn(m -> m.subject().equals("simple.old")).allSatisfy(m -> assertThat(m.pValue()).isNull());
    TargetResult gone = Evaluator.evaluate(cur.withComparison(c), Targets.parse("version: 1\n", "t"), "regression",
        java.time.LocalDate.of(2026, 1, 1)).targets().stream().filter(t -> t.name().equals("simple.gone missing")).findFirst().orElseThrow();
    assertThat(gone.pass()).isFalse();
  }

  @Test
  void anEndpointWhoseRequestsAllFailIsARegressionNotANoChange() {
    List<Double> p = java.util.Collections.nCopies(12, 5.0);
    Endpoint ok = endpoint("GET /e", 5, 5, p, p);
    Endpoint broken = new Endpoint("GET /e", "simple", 720, 720, 12, 0, 0, 0, 0, 0, null, Map.of("503", 720L), null,
        new Intervals(5, List.of(), List.of(), List.of(), List.of()));
    Comparison c = Comparator.compare(Fixtures.results(List.of(), Fixtures.load(70, 70, List.of(ok)), null),
        Fixtures.results(List.of(), Fixtures.load(70, 0, List.of(broken)), null), DEFAULTS);
    MetricChange e = metric(c, "load GET /e", "error_rate_pct");
    assertThat(e.verdict()).isEqualTo("regression");
    assertThat(e.test()).contains("every request failed");
    assertThat(e.current()).isEqualTo(100.0);
    assertThat(c.verdict()).isEqualTo("regression");
  }

  @Test
  void aRiseInErrorsIsARegressionAndTheFasterSuccessesThatCameWithItAreNoImprovement() {
    SplittableRandom rnd = new SplittableRandom(5);
    List<Double> slow50 = new ArrayList<>();
    List<Double> slow95 = new ArrayList<>();
    List<Double> fast50 = new ArrayList<>();
    List<Double> fast95 = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      slow50.add(20.0 + rnd.nextInt(3));
      slow95.add(40.0 + rnd.nextInt(5));
      fast50.add(5.0 + rnd.nextInt(2));
      fast95.add(9.0 + rnd.nextInt(2));
    }
    Endpoint before = new Endpoint("GET /e", "simple", 720, 0, 12, 20, 20, 40, 40, 40, null, Map.of(), null,
        new Intervals(5, java.util.stream.IntStream.range(0, 12).boxed().toList(), java.util.Collections.nCopies(12, 60L), slow50, slow95));
    // the server sheds a third of the load with quick 503s: what it still answers, it answers fast
    Endpoint shedding = new Endpoint("GET /e", "simple", 720, 240, 12, 5, 5, 9, 9, 9, null, Map.of("503", 240L), null,
        new Intervals(5, java.util.stream.IntStream.range(0, 12).boxed().toList(), java.util.Collections.nCopies(12, 40L), fast50, fast95));
    Comparison c = Comparator.compare(Fixtures.results(List.of(), Fixtures.load(70, 70, List.of(before)), null),
        Fixtures.results(List.of(), Fixtures.load(70, 47, List.of(shedding)), null), DEFAULTS);
    assertThat(metric(c, "load GET /e", "error_rate_pct").verdict()).isEqualTo("regression");
    assertThat(metric(c, "load GET /e", "p50_ms").verdict()).as("faster because it failed more").isEqualTo("no change");
    assertThat(metric(c, "load GET /e", "p95_ms").verdict()).isEqualTo("no change");
    assertThat(c.verdict()).isEqualTo("regression");
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> new CompareOptions(-1, 0.01, false)).hasMessageContaining("minimum effect -1.0 % is invalid");
    assertThatThrownBy(() -> new CompareOptions(10, 0, false)).hasMessageContaining("alpha 0.0 is invalid");
    assertThatThrownBy(() -> new CompareOptions(10, -1, 0.01, false)).hasMessageContaining("minimum effect -1.0 ms is invalid");
  }

  @Test
  void aColdRunIsNotComparedWithAPrewarmedOne() {
    Results warm = Fixtures.results(List.of(measured("simple.q0", 2, 0.01, 10, 1)), null,
        new dev.apexbench.reports.model.Database(1.0, 1.0, 1.0, Map.of(), true, "prewarmed"));
    Results cold = Fixtures.results(List.of(measured("simple.q0", 2, 0.01, 10, 1)), null,
        new dev.apexbench.reports.model.Database(0.9, 0.8, 1.0, Map.of(), false, "cold start"));
    assertThatThrownBy(() -> Comparator.compare(warm, cold, DEFAULTS)).hasMessageContaining("shared buffers at the start (prewarmed vs cold)");
    assertThat(Comparator.comparabilityKey(warm)).isNotEqualTo(Comparator.comparabilityKey(cold));
  }

  @Test
  void aPlannedColdRunIsRefusedAgainstAPrewarmedBaselineBeforeMeasuring() {
    Results warm = Fixtures.results(List.of(measured("simple.q0", 2, 0.01, 10, 1)), null,
        new dev.apexbench.reports.model.Database(1.0, 1.0, 1.0, Map.of(), true, "prewarmed"));
    var run = warm.run();
    assertThat(Comparator.plannedMismatches(warm, run.profile(), run.scale(), run.seed(), run.schemaVariant(), Map.of(), false, run.machine()))
        .containsExactly("shared buffers at the start (prewarmed vs cold)");
    assertThat(Comparator.plannedMismatches(warm, run.profile(), run.scale(), run.seed(), run.schemaVariant(), Map.of(), true, run.machine()))
        .isEmpty();
  }
}
