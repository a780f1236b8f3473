package dev.apexbench.reports.targets;

import static dev.apexbench.reports.Fixtures.endpoint;
import static dev.apexbench.reports.Fixtures.explained;
import static dev.apexbench.reports.Fixtures.load;
import static dev.apexbench.reports.Fixtures.plan;
import static dev.apexbench.reports.Fixtures.query;
import static dev.apexbench.reports.Fixtures.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final Targets STRICT = Targets.parse("""
      queries:
        classes:
          simple: "< 10 ms"
          composite: "<= 50 ms"
        overrides:
          composite.slow_one: "p99 < 80 ms"
          composite.exempt: none
      database:
        index_hit_rate: "> 95 %"
        cache_hit_rate: ">= 99 %"
      load:
        error_rate: "< 1 %"
        groups:
          simple: "< 50 ms"
        sustained_rate: ">= 95 %"
      """, "strict.yaml");

  private static TargetResult only(Results r, String kind, String subject) {
    List<TargetResult> ts = r.targets().stream().filter(t -> t.kind().equals(kind) && t.subject().equals(subject)).toList();
    assertThat(ts).as(kind + " " + subject).hasSize(1);
    return ts.get(0);
  }

  @Test
  void aWorkTargetJudgesBlocksPerCallByNameOrElseByClass() {
    Targets t = Targets.parse("""
        work:
          shared_blks_per_call:
            simple: "<= 100 blocks"
            simple.by_etag: "<= 3 blocks"
        """, "t.yaml");
    Results r = results(java.util.List.of(
        query("simple.status_recent", "simple", 1, 1).withWork(new dev.apexbench.reports.model.QueryResult.Work(500, 52, 52, 0, 50, 0, 0)),
        query("simple.by_etag", "simple", 1, 1).withWork(new dev.apexbench.reports.model.QueryResult.Work(500, 336, 336, 0, 1, 0, 0)),
        query("jsonb.key_exists", "jsonb", 1, 1).withWork(new dev.apexbench.reports.model.QueryResult.Work(50, 2016, 2016, 0, 5, 0, 0))),
        null, null);
    java.util.List<TargetResult> work = Evaluator.evaluate(r, t).targets().stream().filter(x -> "work".equals(x.kind())).toList();
    assertThat(work).extracting(TargetResult::name).containsExactly("simple.status_recent shared_blks_per_call",
        "simple.by_etag shared_blks_per_call");
    assertThat(work.get(0).pass()).isTrue();
    assertThat(work.get(1).pass()).as("its own 3-block limit, not the class's 100").isFalse();
    assertThat(work.get(1).detail()).contains("its own limit");
    assertThat(Evaluator.evaluate(r, t).verdict()).isEqualTo(Evaluator.FAIL);
  }

  @Test
  void strictLessFailsAtTheLimitAndLessOrEqualPassesAtIt() {
    Results r = Evaluator.evaluate(results(List.of(
        query("simple.at_limit", "simple", 10.0, 4.0),
        query("simple.below", "simple", 9.999, 4.0),
        query("composite.at_limit", "composite", 50.0, 20.0),
        query("composite.above", "composite", 50.001, 20.0)), null, null), STRICT);
    assertThat(only(r, "query", "simple.at_limit").pass()).as("10 ms is not < 10 ms").isFalse();
    assertThat(only(r, "query", "simple.below").pass()).isTrue();
    assertThat(only(r, "query", "composite.at_limit").pass()).as("50 ms is <= 50 ms").isTrue();
    assertThat(only(r, "query", "composite.above").pass()).isFalse();
    assertThat(r.verdict()).isEqualTo("fail");
  }

  @Test
  void aQueryTargetJudgesItsStatisticAndShowsTheMeanBeside() {
    QueryResult q = new QueryResult("simple.q", "simple", null, null, null, null, 1, 500L, 2.5, 2.0, 3.0, 9.0, 30.0, 40.0,
        50.0, null, null, null, null, null, null);
    TargetResult t = only(Evaluator.evaluate(results(List.of(q), null, null), STRICT), "query", "simple.q");
    assertThat(t).extracting(TargetResult::metric, TargetResult::op, TargetResult::limit, TargetResult::actual,
        TargetResult::meanMs, TargetResult::unit, TargetResult::pass)
        .containsExactly("p95_ms", "<", 10.0, 9.0, 2.5, "ms", true);
    assertThat(t.name()).isEqualTo("simple.q p95_ms");
  }

  @Test
  void overridesWinOverTheClassAndNoneRemovesTheTarget() {
    QueryResult slow = new QueryResult("composite.slow_one", "composite", null, null, null, null, 1, 500L, 30.0, 30.0, 60.0,
        70.0, 79.0, 90.0, 95.0, null, null, null, null, null, null);
    Results r = Evaluator.evaluate(results(List.of(slow, query("composite.exempt", "composite", 900, 800)), null, null), STRICT);
    TargetResult t = only(r, "query", "composite.slow_one");
    assertThat(t).extracting(TargetResult::metric, TargetResult::actual, TargetResult::limit, TargetResult::pass)
        .containsExactly("p99_ms", 79.0, 80.0, true);
    assertThat(r.targets()).noneMatch(x -> x.subject().equals("composite.exempt"));
    assertThat(r.verdict()).isEqualTo("pass");
  }

  @Test
  void aMeasuredQueryMissingTheStatisticFails() {
    QueryResult q = new QueryResult("simple.q", "simple", null, null, null, null, 1, 1200L, 2.5, 2.0, null, null, null, null,
        null, null, null, null, null, null, null);
    TargetResult t = only(Evaluator.evaluate(results(List.of(q), null, null), STRICT), "query", "simple.q");
    assertThat(t.pass()).isFalse();
    assertThat(t.actual()).isNull();
    assertThat(t.detail()).contains("p95 not recorded").contains("1200 samples");
  }

  @Test
  void onlyMeasuredSectionsAreJudged() {
    Results explainOnly = results(List.of(
        explained("simple.a", "simple", "ix_a", plan("ix_a", true, List.of("ix_a")))), null, null);
    Results r = Evaluator.evaluate(explainOnly, STRICT);
    assertThat(r.targets()).extracting(TargetResult::kind).containsExactly("plan");
    assertThat(r.verdict()).isEqualTo("pass");

    Results empty = Evaluator.evaluate(results(List.of(), load(0, 0, List.of()), new Database(null, null, null, Map.of())), STRICT);
    assertThat(empty.targets()).as("no queries, an empty load and empty db stats list nothing").isEmpty();
  }

  @Test
  void planChecksFailOnlyWhenAnIntendedIndexIsMissedAndRequired() {
    List<QueryResult> qs = List.of(
        explained("simple.uses", "simple", "ix_a", plan("ix_a", true, List.of("ix_a"))),
        explained("simple.misses", "simple", "ix_b", plan("ix_b", false, List.of())),
        explained("jsonb.none", "jsonb", null, plan(null, null, List.of())));
    Results required = Evaluator.evaluate(results(qs, null, null), STRICT);
    assertThat(only(required, "plan", "simple.uses")).extracting(TargetResult::actual, TargetResult::pass).containsExactly(1.0, true);
    TargetResult misses = only(required, "plan", "simple.misses");
    assertThat(misses.pass()).isFalse();
    assertThat(misses.actual()).isEqualTo(0.0);
    assertThat(misses.detail()).contains("not ix_b").contains("Seq Scan");
    TargetResult none = only(required, "plan", "jsonb.none");
    assertThat(none.pass()).as("no intended index is not a violation").isTrue();
    assertThat(none.actual()).isNull();
    assertThat(none.detail()).contains("no index is intended").contains("no index can serve it");
    assertThat(required.verdict()).isEqualTo("fail");

    Targets lenient = Targets.parse("plans:\n  require_intended_index: false\n", "lenient.yaml");
    Results notRequired = Evaluator.evaluate(results(qs, null, null), lenient);
    assertThat(only(notRequired, "plan", "simple.misses").pass()).isTrue();
    assertThat(only(notRequired, "plan", "simple.misses").detail()).contains("not enforced");
    assertThat(notRequired.verdict()).isEqualTo("pass");
  }

  @Test
  void hitRatesAreJudgedInPercentAtTheirBoundaries() {
    Results r = Evaluator.evaluate(results(List.of(), null, new Database(0.95, 0.99, 0.5, Map.of())), STRICT);
    assertThat(r.targets()).extracting(TargetResult::metric).containsExactly("index_hit_rate_pct", "cache_hit_rate_pct");
    TargetResult index = r.targets().get(0);
    assertThat(index.actual()).isCloseTo(95.0, within(1e-9));
    assertThat(index.pass()).as("95 % is not > 95 %").isFalse();
    assertThat(r.targets().get(1).pass()).as("99 % >= 99 %").isTrue();
  }

  @Test
  void percentagesAreFreeOfFloatingPointNoise() {
    // 0.57 * 100 is 56.99999999999999 in binary floating point; the target must see 57
    Targets t = Targets.parse("database:\n  cache_hit_rate: \">= 57 %\"\n", "t.yaml");
    Results r = Evaluator.evaluate(results(List.of(), null, new Database(null, 0.57, null, Map.of())), t);
    assertThat(only(r, "database", "database")).extracting(TargetResult::actual, TargetResult::pass).containsExactly(57.0, true);
  }

  @Test
  void cacheHitRateAtTheLimitPassesWithGreaterOrEqual() {
    Targets t = Targets.parse("database:\n  cache_hit_rate: \">= 99 %\"\n", "t.yaml");
    Results r = Evaluator.evaluate(results(List.of(), null, new Database(0.97, 0.99, null, Map.of())), t);
    assertThat(only(r, "database", "database")).extracting(TargetResult::metric, TargetResult::pass)
        .containsExactly("cache_hit_rate_pct", true);
    Results below = Evaluator.evaluate(results(List.of(), null, new Database(0.97, 0.9899, null, Map.of())), t);
    assertThat(only(below, "database", "database").pass()).isFalse();
  }

  @Test
  void aGroupLatencyComesFromTheMergedHistogramNotFromAveragingPercentiles() {
    Histogram fast = Fixtures.constant(1.0, 1000);
    Histogram slow = Fixtures.constant(100.0, 100);
    Results r = Evaluator.evaluate(results(List.of(), load(100, 100, List.of(
        endpoint("GET /fast", "simple", 1000, 0, 1.0, Histograms.encode(fast)),
        endpoint("GET /slow", "simple", 100, 0, 100.0, Histograms.encode(slow)))), null), STRICT);
    TargetResult latency = r.targets().stream().filter(t -> t.subject().equals("simple") && t.metric().equals("p95_ms"))
        .findFirst().orElseThrow();
    assertThat(latency.actual()).as("9 % of requests took 100 ms, so p95 is 100 ms").isCloseTo(100.0, within(0.1));
    assertThat(latency.meanMs()).isCloseTo((1000 * 1.0 + 100 * 100.0) / 1100, within(0.01));
    assertThat(latency.pass()).isFalse();
    assertThat(latency.detail()).contains("merged");
  }

  @Test
  void errorRateAndSustainedRateAtTheirBoundaries() {
    // 60 s at 100 requests/s sent: 6,000 requests, 60 of them failed
    Results r = Evaluator.evaluate(results(List.of(), load(100, 95, List.of(
        endpoint("GET /a", "simple", 6000, 60, 5, null))), null), STRICT);
    TargetResult total = r.targets().stream().filter(t -> t.subject().equals("total") && t.metric().equals("error_rate_pct"))
        .findFirst().orElseThrow();
    assertThat(total.actual()).isEqualTo(1.0);
    assertThat(total.pass()).as("60 of 6,000 is not < 1 %").isFalse();
    TargetResult sustained = r.targets().stream().filter(t -> t.metric().equals("sustained_rate_pct")).findFirst().orElseThrow();
    assertThat(sustained.actual()).isEqualTo(95.0);
    assertThat(sustained.pass()).as("95 % >= 95 %").isTrue();

    Results slower = Evaluator.evaluate(results(List.of(), load(100, 94.9, List.of(
        endpoint("GET /a", "simple", 6000, 0, 5, null))), null), STRICT);
    assertThat(slower.targets()).filteredOn(t -> t.metric().equals("sustained_rate_pct")).singleElement()
        .extracting(TargetResult::pass).isEqualTo(false);
    assertThat(slower.targets()).filteredOn(t -> t.metric().equals("error_rate_pct")).allMatch(TargetResult::pass);
  }

  private static dev.apexbench.reports.model.Breakdown breakdown(double poolP95, double clientMean) {
    Map<String, dev.apexbench.reports.model.Breakdown.PhaseStats> parts = new java.util.LinkedHashMap<>();
    for (String p : dev.apexbench.reports.model.Breakdown.PARTS) {
      double v = p.equals("pool") ? poolP95 : 0.1;
      parts.put(p, new dev.apexbench.reports.model.Breakdown.PhaseStats(v / 2, v / 2, v, v, v, v / 2 / clientMean));
    }
    var c = new dev.apexbench.reports.model.Breakdown.PhaseStats(clientMean, clientMean, clientMean, clientMean, clientMean, 1);
    return new dev.apexbench.reports.model.Breakdown(100, 0, 0, parts, c, c, poolP95 > 0.1 ? "pool" : "queue");
  }

  @Test
  void aPhaseLimitFailsTheGroupWhoseRequestsWaitedTooLongForAConnection() {
    Targets t = Targets.parse("""
        load:
          phases:
            pool: "< 5 ms"
            db: "p99 <= 20 ms"
        """, "phases.yaml");
    var l = load(10, 10, List.of(endpoint("GET /a", "simple", 600, 0, 5, null), endpoint("GET /b", "composite", 600, 0, 5, null)))
        .withBreakdown(Map.of("simple", breakdown(4.999, 6), "composite", breakdown(5.0, 8)));
    Results r = Evaluator.evaluate(results(List.of(), l, null), t);
    assertThat(r.targets()).filteredOn(x -> x.metric().equals("pool_p95_ms"))
        .extracting(TargetResult::name, TargetResult::pass)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("load simple pool_p95_ms", true),
            org.assertj.core.groups.Tuple.tuple("load composite pool_p95_ms", false));
    assertThat(r.targets()).filteredOn(x -> x.metric().equals("db_p99_ms")).hasSize(2).allMatch(TargetResult::pass);
    assertThat(r.verdict()).isEqualTo("fail");
    assertThat(Targets.targetNames(List.of(), Targets.LOAD_GROUPS).test("load composite pool_p95_ms")).as("acceptable by name").isTrue();
  }

  @Test
  void aPhaseLimitFailsWhenTheApiSentNoBreakdown() {
    Targets t = Targets.parse("load:\n  phases:\n    pool: \"< 5 ms\"\n", "phases.yaml");
    Results r = Evaluator.evaluate(results(List.of(), load(10, 10, List.of(endpoint("GET /a", "simple", 600, 0, 5, null))), null), t);
    TargetResult pool = r.targets().stream().filter(x -> x.metric().equals("pool_p95_ms")).findFirst().orElseThrow();
    assertThat(pool.pass()).isFalse();
    assertThat(pool.detail()).contains("no Server-Timing header");
  }

  @Test
  void thePoolsUtilisationAndWaitingThreadsAreJudgedAndAnUnsampledPoolFails() {
    Targets t = Targets.parse("load:\n  pool_utilization: \"p95 < 80 %\"\n  pool_pending_max: 0\n", "pool.yaml");
    var samples = List.of(new dev.apexbench.reports.model.Load.PoolHealth.Sample(1, 8, 2, 0));
    var sampled = load(10, 10, List.of(endpoint("GET /a", "simple", 600, 0, 5, null)))
        .withPool(new dev.apexbench.reports.model.Load.PoolHealth(60, 10, 3.1, 30, 80, 100, 2, samples, null, null, null));
    Results r = Evaluator.evaluate(results(List.of(), sampled, null), t);
    TargetResult util = r.targets().stream().filter(x -> x.name().equals("load pool pool_utilization_p95_pct")).findFirst().orElseThrow();
    assertThat(util.actual()).isEqualTo(80.0);
    assertThat(util.pass()).as("80 % is not < 80 %").isFalse();
    TargetResult pending = r.targets().stream().filter(x -> x.name().equals("load pool pool_pending_max")).findFirst().orElseThrow();
    assertThat(pending.pass()).as("2 threads waited, 0 allowed").isFalse();
    Results unsampled = Evaluator.evaluate(results(List.of(), load(10, 10, List.of(endpoint("GET /a", "simple", 600, 0, 5, null))), null), t);
    assertThat(unsampled.targets()).filteredOn(x -> x.subject().equals("pool")).hasSize(2)
        .allSatisfy(x -> assertThat(x.detail()).contains("not sampled")).noneMatch(TargetResult::pass);
    assertThat(Targets.targetNames(List.of(), Targets.LOAD_GROUPS).test("load pool pool_utilization_p95_pct")).isTrue();
  }

  @Test
  void aGroupTheProfileSentNothingIsNotJudged() {
    Results r = Evaluator.evaluate(results(List.of(), load(10, 10, List.of(
        endpoint("GET /a", "simple", 600, 0, 5, null),
        endpoint("POST /w", "write", 0, 0, 0, null))), null), STRICT);
    assertThat(r.targets()).extracting(TargetResult::subject).contains("simple", "total").doesNotContain("write");
  }

  @Test
  void aFailedPhaseFailsTheVerdictEvenWhenEveryTargetPasses() {
    Results ok = results(List.of(query("simple.a", "simple", 1, 1)), null, null);
    assertThat(Evaluator.evaluate(ok, STRICT).verdict()).isEqualTo("pass");
    Results failedPhase = Fixtures.results(Fixtures.run("quick", 1, List.of(new Phase("jmh", Phase.OK, 1, null),
        new Phase("load", Phase.FAILED, 3, "api did not start")), Map.of()), ok.queries(), null, null);
    Results r = Evaluator.evaluate(failedPhase, STRICT);
    assertThat(r.targets()).allMatch(TargetResult::pass);
    assertThat(r.verdict()).isEqualTo("fail");
  }

  @Test
  void aRegressionInTheComparisonIsAFailingTarget() {
    Comparison c = new Comparison("base", "cur", 10, 0.1, 0.01, false, List.of(), List.of(
        new Comparison.MetricChange("simple.a", "p50_ms", 1, 1.5, 50, 40.0, 60.0, 1e-9, "Mann-Whitney U", "regression", 1e-8, 10, 10, "JMH iteration", 0.1, 10.0),
        new Comparison.MetricChange("simple.b", "p95_ms", 1, 1.12, 12, -5.0, 30.0, 0.3, "Mann-Whitney U", "no change", 1.0, 10, 10, "JMH iteration", 0.2, 20.0)),
        "regression", List.of());
    Results r = Evaluator.evaluate(results(List.of(query("simple.a", "simple", 1, 1)), null, null).withComparison(c), STRICT);
    assertThat(r.targets()).filteredOn(t -> t.kind().equals("regression"))
        .extracting(TargetResult::name, TargetResult::pass)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("simple.a p50_change_pct", false),
            org.assertj.core.groups.Tuple.tuple("simple.b p95_change_pct", true));
    assertThat(r.verdict()).isEqualTo("fail");
  }

  private static final java.time.LocalDate TODAY = java.time.LocalDate.of(2027, 1, 10);

  private static Targets withAccepted(String until) {
    return Targets.parse("""
        queries:
          classes:
            simple: "< 10 ms"
        accepted:
          - target: simple.slow p95_ms
            reason: no index serves it yet
            until: %s
        """.formatted(until), "t.yaml");
  }

  @Test
  void anAcceptedBreachIsShownButDoesNotFailUntilItsDate() {
    Results r = Evaluator.evaluate(results(List.of(query("simple.slow", "simple", 30, 20), query("simple.fast", "simple", 1, 1)),
        null, null), withAccepted("2027-01-10"), TODAY);
    TargetResult slow = only(r, "query", "simple.slow");
    assertThat(slow.pass()).as("the measurement still fails its limit").isFalse();
    assertThat(slow.acceptance()).isEqualTo(new TargetResult.Acceptance("accepted", "no index serves it yet", "2027-01-10"));
    assertThat(slow.blocks()).isFalse();
    assertThat(only(r, "query", "simple.fast").acceptance()).isNull();
    assertThat(r.verdict()).as("the last day of an acceptance still counts").isEqualTo("pass");
    assertThat(r.verdicts()).isEqualTo(new Results.Verdicts("both", "pass", null));
  }

  @Test
  void anExpiredAcceptanceFailsTheRunEvenWhenTheTargetPasses() {
    Targets t = withAccepted("2027-01-09");
    Results failing = Evaluator.evaluate(results(List.of(query("simple.slow", "simple", 30, 20)), null, null), t, TODAY);
    assertThat(only(failing, "query", "simple.slow").acceptance().state()).isEqualTo("expired");
    assertThat(failing.verdict()).isEqualTo("fail");
    Results passing = Evaluator.evaluate(results(List.of(query("simple.slow", "simple", 3, 2)), null, null), t, TODAY);
    assertThat(only(passing, "query", "simple.slow").pass()).isTrue();
    assertThat(only(passing, "query", "simple.slow").blocks()).isTrue();
    assertThat(passing.verdict()).as("an expired entry must be renewed or removed").isEqualTo("fail");
  }

  @Test
  void anAcceptedTargetThatNowPassesIsReportedSoTheEntryCanGo() {
    Results r = Evaluator.evaluate(results(List.of(query("simple.slow", "simple", 3, 2)), null, null), withAccepted("2027-03-31"), TODAY);
    TargetResult slow = only(r, "query", "simple.slow");
    assertThat(slow.acceptance().state()).isEqualTo("accepted but now passing");
    assertThat(slow.blocks()).isFalse();
    assertThat(r.verdict()).isEqualTo("pass");
  }

  private static Comparison regression() {
    return new Comparison("base", "cur", 10, 0.1, 0.01, false, List.of(), List.of(
        new Comparison.MetricChange("simple.a", "p50_ms", 1, 1.5, 50, 40.0, 60.0, 1e-9, "Mann-Whitney U", "regression", 1e-8, 10, 10,
            "JMH iteration", 0.1, 10.0)), "regression", List.of());
  }

  private static Results gated(String gate, double p95) {
    var run = new dev.apexbench.reports.model.RunInfo("run-quick", "run", "2026-11-27T14:15:30Z", "2026-11-27T14:20:00Z", "quick",
        java.math.BigDecimal.ONE, 42, "iteration3", "6", "abc123", false, Map.of("gate", gate), null, null, Map.of(),
        List.of(new Phase("jmh", Phase.OK, 1, null)), null);
    return results(run, List.of(query("simple.a", "simple", p95, 1)), null, null);
  }

  @Test
  void theGateDecidesWhichFailuresFailTheRunAndBothVerdictsAreRecorded() {
    // a regression, targets met
    assertThat(Evaluator.evaluate(gated("targets", 1).withComparison(regression()), STRICT, TODAY))
        .extracting(Results::verdict, Results::verdicts).containsExactly("pass", new Results.Verdicts("targets", "pass", "fail"));
    assertThat(Evaluator.evaluate(gated("regression", 1).withComparison(regression()), STRICT, TODAY))
        .extracting(Results::verdict, Results::verdicts).containsExactly("fail", new Results.Verdicts("regression", "pass", "fail"));
    assertThat(Evaluator.evaluate(gated("both", 1).withComparison(regression()), STRICT, TODAY).verdict()).isEqualTo("fail");
    // a breached target, no regression
    Comparison none = new Comparison("base", "cur", 10, 0.1, 0.01, false, List.of(), List.of(), "no change", List.of());
    assertThat(Evaluator.evaluate(gated("regression", 30).withComparison(none), STRICT, TODAY))
        .extracting(Results::verdict, Results::verdicts).containsExactly("pass", new Results.Verdicts("regression", "fail", "pass"));
    assertThat(Evaluator.evaluate(gated("targets", 30).withComparison(none), STRICT, TODAY).verdict()).isEqualTo("fail");
    assertThat(Evaluator.evaluate(gated("both", 30).withComparison(none), STRICT, TODAY).verdict()).isEqualTo("fail");
    // an explicit gate (bench compare) wins over the run's setting
    assertThat(Evaluator.evaluate(gated("targets", 30).withComparison(none), STRICT, "regression", TODAY).verdict()).isEqualTo("pass");
  }

  @Test
  void theSustainedRateIsJudgedAgainstWhatTheGeneratorSentNotItsScheduleMean() {
    Targets t = Targets.parse("load:\n  sustained_rate: \">= 95 %\"\n  schedule_kept: false\n", "sustained.yaml");
    // Poisson arrivals sent 1,080 requests in 60 s of a 20 rps schedule (18 rps); the server answered every one of them
    dev.apexbench.reports.model.Schedule drawn = new dev.apexbench.reports.model.Schedule(true, 90, 0, 0, 0, 0, List.of(), "");
    var answered = Fixtures.load(20, 18, List.of(Fixtures.endpoint("GET /a", "simple", 1080, 0, 5, null))).withSchedule(true, "", drawn);
    TargetResult ok = sustained(answered, t);
    assertThat(ok.actual()).isEqualTo(100.0);
    assertThat(ok.pass()).isTrue();
    var dropped = Fixtures.load(20, 12, List.of(Fixtures.endpoint("GET /a", "simple", 1080, 360, 5, null))).withSchedule(true, "", drawn);
    TargetResult bad = sustained(dropped, t);
    assertThat(bad.pass()).as("two thirds of what was sent came back").isFalse();
  }

  @Test
  void requestsSentButNeverRecordedCountAgainstTheSustainedRate() {
    Targets t = Targets.parse("load:\n  sustained_rate: \">= 95 %\"\n  schedule_kept: false\n", "sustained.yaml");
    // the generator started all 1,200 scheduled users; 1,080 responses were recorded, every one of them in the window
    dev.apexbench.reports.model.Schedule all = new dev.apexbench.reports.model.Schedule(true, 100, 0, 0, 0, 0, List.of(), "");
    var lost = Fixtures.load(20, 18, List.of(Fixtures.endpoint("GET /a", "simple", 1080, 0, 5, null))).withSchedule(true, "", all);
    TargetResult r = sustained(lost, t);
    assertThat(r.actual()).as("18 of the 20 rps sent, not of the 18 rps recorded").isEqualTo(90.0);
    assertThat(r.pass()).isFalse();
  }

  @Test
  void theSustainedRateIsJudgedAgainstTheUsersSentInTheWindowWhenKnown() {
    Targets t = Targets.parse("load:\n  sustained_rate: \">= 95 %\"\n  schedule_kept: false\n", "sustained.yaml");
    // 60 s at 20 rps scheduled, every user started (100 %), but 60 of them after the window's last second (Gatling started
    // injecting late): 1,140 in the window, 1,140 answered in it (19 rps): kept up with, though 19 of 20 scheduled
    dev.apexbench.reports.model.Schedule late = new dev.apexbench.reports.model.Schedule(true, 100, 0, 0, 0, 0, List.of(), "", 1140L);
    var load = Fixtures.load(20, 19, List.of(Fixtures.endpoint("GET /a", "simple", 1200, 0, 5, null))).withSchedule(true, "", late);
    TargetResult r = sustained(load, t);
    assertThat(r.actual()).as("19 of the 19 rps sent in the window, not of the 20 started").isEqualTo(100.0);
    assertThat(r.pass()).isTrue();
  }

  /** The sustained-rate target's row for {@code load} judged by {@code t}. */
  private static TargetResult sustained(dev.apexbench.reports.model.Load load, Targets t) {
    return Evaluator.evaluate(results(List.of(), load, null), t).targets().stream()
        .filter(x -> x.name().equals("load total sustained_rate_pct")).findFirst().orElseThrow();
  }
}
