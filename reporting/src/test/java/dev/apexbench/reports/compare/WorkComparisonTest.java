package dev.apexbench.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Plan;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The work rules: tolerances, what a changed plan shape is, the endpoint counters, a calibration's tolerances. */
class WorkComparisonTest {
  static Plan.Check check(String mode, String set, String signature, long blocks, List<String> indexes) {
    return new Plan.Check(mode, set, List.of(), List.of(), indexes, List.of(), false, 0.1, true, null, signature, blocks);
  }

  static QueryResult query(String name, double blocksPerCall, Plan.Check... checks) {
    Plan plan = new Plan(List.of(), List.of(), List.of(), null, null, false, 1, 1, 0, 0.1, 0.2, false, List.of(), null, List.of(checks));
    return Fixtures.explained(name, "simple", null, plan).withWork(new QueryResult.Work(1000, blocksPerCall, blocksPerCall, 0, 1, 0, 0));
  }

  static Endpoint endpoint(String name, double statements, double blocks) {
    return Fixtures.endpoint(name, "composite", 100, 0, 10, null).withWork(new Endpoint.Work(100, statements, blocks, 0.0));
  }

  static Results run(List<QueryResult> queries, List<Endpoint> endpoints) {
    return Fixtures.results(queries, endpoints == null ? null : Fixtures.load(10, 10, endpoints), null);
  }

  static MetricChange metric(Comparison c, String subject, String metric) {
    return c.metrics().stream().filter(m -> m.subject().equals(subject) && m.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void aChangeWithinTheToleranceIsNoChangeAndBeyondItARegressionOrAnImprovement() {
    Results a = run(List.of(query("q", 100, check("custom", "s1", "Index Scan{ix}", 100, List.of("ix")))), null);
    Results within = run(List.of(query("q", 101.9, check("custom", "s1", "Index Scan{ix}", 101, List.of("ix")))), null);
    Results beyond = run(List.of(query("q", 102.1, check("custom", "s1", "Index Scan{ix}", 103, List.of("ix")))), null);
    Results fell = run(List.of(query("q", 97.9, check("custom", "s1", "Index Scan{ix}", 97, List.of("ix")))), null);
    CompareOptions o = CompareOptions.defaults();
    // the plan guard's blocks (fixed parameters, both plan-cache modes forced): 2 %
    assertThat(metric(Comparator.compare(a, within, o), "q", "plan_blocks_per_execution").verdict()).isEqualTo(Comparison.NO_CHANGE);
    assertThat(metric(Comparator.compare(a, beyond, o), "q", "plan_blocks_per_execution").verdict()).isEqualTo(Comparison.REGRESSION);
    assertThat(metric(Comparator.compare(a, fell, o), "q", "plan_blocks_per_execution").verdict()).isEqualTo(Comparison.IMPROVEMENT);
    // blocks per call over the JMH window (custom or generic plans as PostgreSQL chooses): 50 %
    assertThat(metric(Comparator.compare(a, beyond, o), "q", "blocks_per_call").verdict()).isEqualTo(Comparison.NO_CHANGE);
    Results muchMore = run(List.of(query("q", 151, check("custom", "s1", "Index Scan{ix}", 100, List.of("ix")))), null);
    Results muchLess = run(List.of(query("q", 49, check("custom", "s1", "Index Scan{ix}", 100, List.of("ix")))), null);
    assertThat(metric(Comparator.compare(a, muchMore, o), "q", "blocks_per_call").verdict()).isEqualTo(Comparison.REGRESSION);
    assertThat(metric(Comparator.compare(a, muchLess, o), "q", "blocks_per_call").verdict()).isEqualTo(Comparison.IMPROVEMENT);
    // 3 -> 3.4 blocks is +13 % but less than half a block: not a change
    Results small = run(List.of(query("s", 3, check("custom", "s1", "x", 3, List.of()))), null);
    Results smallUp = run(List.of(query("s", 3.4, check("custom", "s1", "x", 3, List.of()))), null);
    assertThat(metric(Comparator.compare(small, smallUp, o), "s", "blocks_per_call").verdict()).isEqualTo(Comparison.NO_CHANGE);
    assertThat(metric(Comparator.compare(small, run(List.of(query("s", 3, check("custom", "s1", "x", 4, List.of()))), null), o), "s",
        "plan_blocks_per_execution").verdict()).as("one block more on 3: +33 %").isEqualTo(Comparison.REGRESSION);
  }

  @Test
  void aChangedPlanShapeIsARegressionUnlessItsBlocksFellAndItNamesWhatChanged() {
    Results a = run(List.of(query("q", 10, check("custom", "s1", "Index Scan{ix_a}", 10, List.of("ix_a")),
        check("generic", "s1", "Index Scan{ix_a}", 10, List.of("ix_a")))), null);
    Results worse = run(List.of(query("q", 10, check("custom", "s1", "Seq Scan{t}", 10, List.of()),
        check("generic", "s1", "Index Scan{ix_a}", 10, List.of("ix_a")))), null);
    MetricChange w = metric(Comparator.compare(a, worse, CompareOptions.defaults()), "q", "plan_signature");
    assertThat(w.verdict()).as("same blocks, another plan: for review as a regression").isEqualTo(Comparison.REGRESSION);
    assertThat(w.current()).isEqualTo(1);
    assertThat(w.test()).contains("changed: custom / s1").contains("no longer uses ix_a");
    Results better = run(List.of(query("q", 10, check("custom", "s1", "Index Only Scan{ix_b}", 2, List.of("ix_b")),
        check("generic", "s1", "Index Only Scan{ix_b}", 2, List.of("ix_b")))), null);
    MetricChange b = metric(Comparator.compare(a, better, CompareOptions.defaults()), "q", "plan_signature");
    assertThat(b.verdict()).as("a new plan that reads fewer blocks").isEqualTo(Comparison.IMPROVEMENT);
    assertThat(b.test()).contains("now uses ix_b");
    MetricChange same = metric(Comparator.compare(a, a, CompareOptions.defaults()), "q", "plan_signature");
    assertThat(same.verdict()).isEqualTo(Comparison.NO_CHANGE);
  }

  @Test
  void anNPlusOneIsARegressionOfStatementsPerRequestWhileBlocksPerRequestHasTheWiderDefaultTolerance() {
    Results a = run(List.of(), List.of(endpoint("GET /projects/{id}", 3, 15)));
    Results nPlusOne = run(List.of(), List.of(endpoint("GET /projects/{id}", 4, 16)));
    Results mix = run(List.of(), List.of(endpoint("GET /projects/{id}", 3, 21))); // +40 %: a plan-cache switch, not a lost index
    Results lostIndex = run(List.of(), List.of(endpoint("GET /projects/{id}", 3, 2000)));
    CompareOptions o = CompareOptions.defaults();
    assertThat(metric(Comparator.compare(a, nPlusOne, o), "load GET /projects/{id}", "statements_per_request").verdict())
        .isEqualTo(Comparison.REGRESSION);
    assertThat(metric(Comparator.compare(a, mix, o), "load GET /projects/{id}", "blocks_per_request").verdict())
        .isEqualTo(Comparison.NO_CHANGE);
    assertThat(metric(Comparator.compare(a, lostIndex, o), "load GET /projects/{id}", "blocks_per_request").verdict())
        .isEqualTo(Comparison.REGRESSION);
  }

  @Test
  void aCalibrationsToleranceReplacesTheDefaultForTheMetricsItHas() {
    Results a = run(List.of(query("q", 100)), List.of(endpoint("GET /x", 1, 10)));
    Results b = run(List.of(query("q", 160)), List.of(endpoint("GET /x", 1, 13)));
    MinEffects cal = new MinEffects("calibration.json", "key", Map.of(
        MinEffects.key("q", "blocks_per_call"), new MinEffects.Effect(80, 0.5, "calibration.json"),
        MinEffects.key("load GET /x", "blocks_per_request"), new MinEffects.Effect(20, 0.5, "calibration.json")));
    Comparison without = Comparator.compare(a, b, CompareOptions.defaults());
    Comparison with = Comparator.compare(a, b, CompareOptions.defaults().withCalibration(cal));
    assertThat(metric(without, "q", "blocks_per_call").verdict()).as("+60 % beyond the 50 % default").isEqualTo(Comparison.REGRESSION);
    assertThat(metric(with, "q", "blocks_per_call").verdict()).as("within the calibrated 80 %").isEqualTo(Comparison.NO_CHANGE);
    assertThat(metric(with, "q", "blocks_per_call").minEffectFrom()).isEqualTo("calibration.json");
    assertThat(metric(without, "load GET /x", "blocks_per_request").verdict()).as("+30 % within the 50 % default").isEqualTo(Comparison.NO_CHANGE);
    assertThat(metric(with, "load GET /x", "blocks_per_request").verdict()).as("beyond the calibrated 20 %").isEqualTo(Comparison.REGRESSION);
  }
}
