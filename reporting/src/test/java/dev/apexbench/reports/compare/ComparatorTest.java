package dev.apexbench.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ComparatorTest {

  private static final CompareOptions DEFAULTS = CompareOptions.defaults();

  private static QueryResult measured(String name, Histogram h) {
    return new QueryResult(name, "simple", null, null, null, null, 1, h.getTotalCount(), h.getMean() / 1e6,
        h.getValueAtPercentile(50) / 1e6, null, h.getValueAtPercentile(95) / 1e6, null, null, null, null, null, null,
        Histograms.encode(h), null);
  }

  private static Results run(Histogram... perQuery) {
    List<QueryResult> qs = new java.util.ArrayList<>();
    for (int i = 0; i < perQuery.length; i++) {
      qs.add(measured("simple.q" + i, perQuery[i]));
    }
    return Fixtures.results(qs, null, null);
  }

  private static MetricChange metric(Comparison c, String subject, String metric) {
    return c.metrics().stream().filter(m -> m.subject().equals(subject) && m.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void identicalRecordingsAreNoChange() {
    Histogram h = Fixtures.lognormal(2.0, 0.4, 50_000, 1);
    Comparison c = Comparator.compare(run(h), run(h), DEFAULTS);
    assertThat(c.verdict()).isEqualTo("no change");
    assertThat(c.metrics()).hasSize(2).allSatisfy(m -> {
      assertThat(m.verdict()).isEqualTo("no change");
      assertThat(m.changePct()).isZero();
      assertThat(m.pValue()).isGreaterThan(0.5);
      assertThat(m.ciLowPct()).isLessThanOrEqualTo(0.0);
      assertThat(m.ciHighPct()).isGreaterThanOrEqualTo(0.0);
    });
  }

  @Test
  void twoRunsOfTheSameDistributionAreNoChange() {
    for (long seed = 1; seed <= 5; seed++) {
      Comparison c = Comparator.compare(run(Fixtures.lognormal(2.0, 0.5, 20_000, seed)),
          run(Fixtures.lognormal(2.0, 0.5, 20_000, seed + 100)), DEFAULTS);
      assertThat(c.verdict()).as("seed " + seed).isEqualTo("no change");
    }
  }

  @Test
  void aClearSlowdownIsARegressionWithAnIntervalAroundIt() {
    Comparison c = Comparator.compare(run(Fixtures.lognormal(2.0, 0.3, 5_000, 1)),
        run(Fixtures.lognormal(3.0, 0.3, 5_000, 2)), DEFAULTS);
    assertThat(c.verdict()).isEqualTo("regression");
    MetricChange p50 = metric(c, "simple.q0", "p50_ms");
    assertThat(p50.verdict()).isEqualTo("regression");
    assertThat(p50.changePct()).isBetween(40.0, 60.0);
    assertThat(p50.pValue()).isLessThan(0.01);
    assertThat(p50.ciLowPct()).isGreaterThan(10.0).isLessThan(p50.changePct());
    assertThat(p50.ciHighPct()).isGreaterThan(p50.changePct()).isLessThan(70.0);
    assertThat(p50.test()).contains("Mann-Whitney U");
    MetricChange p95 = metric(c, "simple.q0", "p95_ms");
    assertThat(p95.verdict()).isEqualTo("regression");
    assertThat(p95.test()).contains("bootstrap");
  }

  @Test
  void aClearSpeedupIsAnImprovement() {
    Comparison c = Comparator.compare(run(Fixtures.lognormal(3.0, 0.3, 5_000, 1)),
        run(Fixtures.lognormal(2.0, 0.3, 5_000, 2)), DEFAULTS);
    assertThat(c.verdict()).isEqualTo("improvement");
    assertThat(metric(c, "simple.q0", "p50_ms").changePct()).isBetween(-40.0, -28.0);
  }

  @Test
  void regressionWinsOverImprovement() {
    Comparison c = Comparator.compare(
        run(Fixtures.lognormal(3.0, 0.3, 5_000, 1), Fixtures.lognormal(2.0, 0.3, 5_000, 3)),
        run(Fixtures.lognormal(2.0, 0.3, 5_000, 2), Fixtures.lognormal(3.0, 0.3, 5_000, 4)), DEFAULTS);
    assertThat(metric(c, "simple.q0", "p50_ms").verdict()).isEqualTo("improvement");
    assertThat(metric(c, "simple.q1", "p50_ms").verdict()).isEqualTo("regression");
    assertThat(c.verdict()).isEqualTo("regression");
  }

  @Test
  void aTinySignificantShiftIsBelowTheMinimumEffect() {
    // a million samples with 1 % spread: a 2 % shift is highly significant, and still too small to matter
    Histogram base = Fixtures.lognormal(10.0, 0.01, 1_000_000, 1);
    Histogram cur = Fixtures.lognormal(10.2, 0.01, 1_000_000, 2);
    Comparison c = Comparator.compare(run(base), run(cur), DEFAULTS);
    MetricChange p50 = metric(c, "simple.q0", "p50_ms");
    assertThat(p50.changePct()).isBetween(1.5, 2.5);
    assertThat(p50.pValue()).as("significant").isLessThan(DEFAULTS.alpha());
    assertThat(p50.verdict()).as("but below the 10 % minimum effect").isEqualTo("no change");
    assertThat(c.verdict()).isEqualTo("no change");

    Comparison sensitive = Comparator.compare(run(base), run(cur), new CompareOptions(1, 0.01, false));
    assertThat(sensitive.verdict()).as("with a 1 % minimum effect it is a regression").isEqualTo("regression");
  }

  @Test
  void aSignificantChangeOfMicrosecondsIsBelowTheAbsoluteMinimumEffect() {
    // +20 % on a 0.2 ms query is 40 us: what two runs of the same build show on a shared machine
    Comparison fast = Comparator.compare(run(Fixtures.lognormal(0.2, 0.3, 200_000, 1)), run(Fixtures.lognormal(0.24, 0.3, 200_000, 2)), DEFAULTS);
    assertThat(fast.metrics()).allSatisfy(m -> {
      assertThat(m.pValue()).as(m.metric() + " is significant").isLessThan(0.01);
      assertThat(m.changePct()).isGreaterThan(10);
      assertThat(m.verdict()).as(m.metric()).isEqualTo("no change");
    });
    // the same +20 % on a 20 ms query is 4 ms: a regression
    Comparison slow = Comparator.compare(run(Fixtures.lognormal(20, 0.3, 200_000, 1)), run(Fixtures.lognormal(24, 0.3, 200_000, 2)), DEFAULTS);
    assertThat(slow.verdict()).isEqualTo("regression");
    // and with no absolute floor, the microsecond change is one too
    Comparison noFloor = Comparator.compare(run(Fixtures.lognormal(0.2, 0.3, 200_000, 1)), run(Fixtures.lognormal(0.24, 0.3, 200_000, 2)),
        new CompareOptions(10, 0, 0.01, false));
    assertThat(noFloor.verdict()).isEqualTo("regression");
  }

  @Test
  void theSameInputsGiveTheSameComparison() {
    Results a = run(Fixtures.lognormal(2.0, 0.4, 3_000, 1));
    Results b = run(Fixtures.lognormal(2.1, 0.4, 3_000, 2));
    assertThat(Comparator.compare(a, b, DEFAULTS)).isEqualTo(Comparator.compare(a, b, DEFAULTS));
  }

  @Test
  void runsOfDifferentDatasetsAreRefusedUnlessForced() {
    Histogram h = Fixtures.lognormal(2.0, 0.3, 1_000, 1);
    Results base = run(h);
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
    Results base = run(Fixtures.lognormal(2.0, 0.3, 1_000, 1));
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
    Results base = run(Fixtures.lognormal(2.0, 0.3, 1_000, 1));
    dev.apexbench.reports.model.RunInfo r = base.run();
    java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(r.settings());
    more.put("threads", 4);
    java.util.Map<String, Object> one = new java.util.LinkedHashMap<>(r.settings());
    one.put("threads", 1);
    Results a = new Results(base.schemaVersion(), withSettings(r, one), base.datagen(), base.queries(), null, null, null, null, null, null);
    Results b = new Results(base.schemaVersion(), withSettings(r, more), base.datagen(), base.queries(), null, null, null, null, null, null);
    assertThatThrownBy(() -> Comparator.compare(a, b, DEFAULTS)).hasMessageContaining("workload (threads: 1 vs 4)");
  }

  @Test
  void loadEndpointsNeedAChangeOfAtLeastTheirOneMillisecondResolution() {
    // Gatling records whole milliseconds: 2 ms -> 3 ms at p50 is "+50 %", but a single resolution step
    Histogram two = Fixtures.constant(2.0, 400);
    Histogram three = Fixtures.constant(3.0, 400);
    Results b = Fixtures.results(List.of(), Fixtures.load(70, 70, List.of(Fixtures.endpoint("GET /x", "simple", 400, 0, 2.0,
        dev.apexbench.reports.Histograms.encode(two)))), null);
    Results c = Fixtures.results(List.of(), Fixtures.load(70, 70, List.of(Fixtures.endpoint("GET /x", "simple", 400, 0, 3.0,
        dev.apexbench.reports.Histograms.encode(three)))), null);
    assertThat(Comparator.compare(b, c, DEFAULTS).verdict()).isEqualTo("no change");
    Histogram five = Fixtures.constant(5.0, 400);
    Results d = Fixtures.results(List.of(), Fixtures.load(70, 70, List.of(Fixtures.endpoint("GET /x", "simple", 400, 0, 5.0,
        dev.apexbench.reports.Histograms.encode(five)))), null);
    assertThat(Comparator.compare(b, d, DEFAULTS).verdict()).as("3 ms slower is more than the resolution").isEqualTo("regression");
  }

  private static dev.apexbench.reports.model.RunInfo withSettings(dev.apexbench.reports.model.RunInfo r, java.util.Map<String, Object> s) {
    return new dev.apexbench.reports.model.RunInfo(r.id(), r.command(), r.startedAt(), r.finishedAt(), r.profile(), r.scale(), r.seed(),
        r.schemaVariant(), r.schemaVersion(), r.gitCommit(), r.gitDirty(), s, r.machine(), r.db(), r.jdbc(), r.phases(), r.failedPhase());
  }

  @Test
  void subjectsInOneRunOnlyAndMissingHistogramsAreNoted() {
    Histogram h = Fixtures.lognormal(2.0, 0.3, 1_000, 1);
    QueryResult noHistogram = new QueryResult("simple.nohist", "simple", null, null, null, null, 1, 10L, 1.0, 1.0, null,
        2.0, null, null, null, null, null, null, null, null);
    Results base = Fixtures.results(List.of(measured("simple.gone", h), noHistogram), null, null);
    Results cur = Fixtures.results(List.of(measured("simple.new", h), noHistogram), null, null);
    Comparison c = Comparator.compare(base, cur, DEFAULTS);
    assertThat(c.notes()).contains("simple.new: only in the current run, not compared",
        "simple.gone: only in the baseline run, not compared", "simple.nohist: not tested, no histogram in the baseline run");
    assertThat(c.metrics()).extracting(MetricChange::subject).containsOnly("simple.nohist");
    assertThat(c.metrics()).allSatisfy(m -> assertThat(m.pValue()).isNull());
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> new CompareOptions(-1, 0.01, false)).hasMessageContaining("minimum effect -1.0 % is invalid");
    assertThatThrownBy(() -> new CompareOptions(10, 0, false)).hasMessageContaining("alpha 0.0 is invalid");
    assertThatThrownBy(() -> new CompareOptions(10, -1, 0.01, false)).hasMessageContaining("minimum effect -1.0 ms is invalid");
  }
}
