package dev.apexbench.reports.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static Results twoTargets(boolean firstPasses, boolean secondPasses) {
    return Fixtures.results(List.of(), null, null).withTargets(List.of(
        new TargetResult("simple.a p95_ms", "query", "simple.a", "p95_ms", "<", 10, 4.0, 2.0, "ms", firstPasses, "a"),
        new TargetResult("database cache_hit_rate_pct", "database", "database", "cache_hit_rate_pct", ">", 99, 98.7, null,
            "%", secondPasses, "b | c")), firstPasses && secondPasses ? "pass" : "fail");
  }

  @Test
  void markdownPutsTheVerdictAndFailingTargetsFirst() {
    String md = MarkdownSummary.render(twoTargets(true, false));
    assertThat(md).startsWith("## ❌ apex-bench: FAIL\n\n1 of 2 targets failed");
    int failingRow = md.indexOf("| database cache_hit_rate_pct | 98.70 % | > 99 % | ❌ |");
    int passingRow = md.indexOf("| simple.a p95_ms | 4 ms | < 10 ms | ✅ |");
    assertThat(failingRow).isPositive();
    assertThat(passingRow).isGreaterThan(failingRow);
    assertThat(md).contains("<details><summary>1 targets passed</summary>");
  }

  @Test
  void markdownCellsCannotBreakTheTable() {
    assertThat(MarkdownSummary.cell("a | b\nc <script>")).isEqualTo("a \\| b c &lt;script>");
  }

  @Test
  void markdownOfTheSampleListsRegressions() {
    String md = MarkdownSummary.render(Fixtures.sampleResults());
    assertThat(md).contains("**Compared with `20261120T091200Z-quick`: regression**")
        .contains("| aggregation.events_per_day | p50_ms |");
  }

  @Test
  void aMergedLoadNamesItsMissingInjector() {
    Results r = Fixtures.sampleResults();
    var load = r.load().withInjectors(List.of(
        new dev.apexbench.reports.model.Load.Injector(0, 3, "ok", "a", null, null, 0, 10L, 0L, true, "", 1.0, 2.0, "i0"),
        new dev.apexbench.reports.model.Load.Injector(1, 3, "missing", null, null, null, null, null, null, false, "", null, null, null),
        new dev.apexbench.reports.model.Load.Injector(2, 3, "ok", "b", null, null, 0, 10L, 0L, false, "", 1.0, 2.0, "i2")));
    Results merged = Fixtures.results(r.run(), r.queries(), load, r.database());
    assertThat(MarkdownSummary.render(merged)).contains("**Load from 3 injectors**, merged exactly: 1 missing (1/3), 1 behind its own schedule.");
  }

  @Test
  void terminalTableListsFailingTargetsThenCountsTheRest() {
    String t = Summary.terminalTable(twoTargets(true, false));
    List<String> lines = t.lines().toList();
    assertThat(lines.get(0)).isEqualTo("FAIL: 1 of 2 targets failed (run run-quick)");
    assertThat(lines.get(1)).contains("target").contains("actual").contains("limit");
    assertThat(lines.get(2)).contains("database cache_hit_rate_pct").contains("98.70 %").contains("> 99 %");
    assertThat(lines.get(3)).isEqualTo("1 other targets passed.");
    assertThat(t).doesNotContain("simple.a");
  }

  @Test
  void aFailedPhaseIsTheHeadlineNotATargetCountThatContradictsTheVerdict() {
    Results r = Fixtures.results(
            Fixtures.run("smoke", 1, List.of(new dev.apexbench.reports.model.Phase("jmh", "ok", 1, null),
                new dev.apexbench.reports.model.Phase("load", "failed", 1, "--target-url: http://127.0.0.1:1 does not answer")),
                java.util.Map.of()),
            List.of(), null, null)
        .withTargets(List.of(new TargetResult("t1", "query", "q", "p95_ms", "<", 10, 1.0, null, "ms", true, "")), "fail");
    String t = Summary.terminalTable(r);
    assertThat(t).startsWith("FAIL: phase load failed; the 1 targets measured before it were met");
    assertThat(t).doesNotContain("FAIL: all");
    assertThat(t).contains("phase load failed: --target-url");
  }

  @Test
  void terminalTableOfAPassingRunIsOneLine() {
    assertThat(Summary.terminalTable(twoTargets(true, true))).isEqualTo("PASS: all 2 targets met (run run-quick)\n");
  }

  private static Results acceptedAndGated(String gate) {
    TargetResult accepted = new TargetResult("jsonb.path_range p95_ms", "query", "jsonb.path_range", "p95_ms", "<", 50, 72.0, 40.0, "ms",
        false, "").withAcceptance(new TargetResult.Acceptance("accepted", "no index serves it", "2027-03-31"));
    TargetResult nowPassing = new TargetResult("simple.a p95_ms", "query", "simple.a", "p95_ms", "<", 10, 4.0, 2.0, "ms", true, "")
        .withAcceptance(new TargetResult.Acceptance("accepted but now passing", "was slow", "2027-03-31"));
    TargetResult regression = new TargetResult("simple.b p50_change_pct", "regression", "simple.b", "p50_change_pct", "<=", 15, 40.0,
        null, "%", false, "regression: 1 ms -> 1.4 ms");
    return Fixtures.results(List.of(), null, null).withVerdicts(List.of(accepted, nowPassing, regression),
        "targets".equals(gate) ? "pass" : "fail", new Results.Verdicts(gate, "pass", "fail"));
  }

  @Test
  void acceptedBreachesAndTheGateAreNamedInEveryOutput() throws Exception {
    Results r = acceptedAndGated("targets");
    String md = MarkdownSummary.render(r);
    assertThat(md.lines().findFirst().orElseThrow()).isEqualTo("## ✅ apex-bench: PASS (gate: targets)");
    assertThat(md).contains("gate targets: targets pass, regression fail (only targets decides)")
        .contains("| jsonb.path_range p95_ms | 72 ms | < 50 ms | 2027-03-31 | no index serves it |")
        .contains("✅ accepted but now passing: remove it")
        .contains("1 failing targets outside the gate (targets decides)");
    String term = Summary.terminalTable(r);
    assertThat(term).startsWith("PASS: 1 of 3 targets met (1 accepted breach) (1 failing outside the gate targets)")
        .contains("accepted (no index serves it, until 2027-03-31)")
        .contains("accepted but now passing: remove it (was slow, until 2027-03-31)")
        .contains("NOT GATING regression");
    String html = HtmlReport.render(r, java.nio.file.Files.createTempDirectory("apex-html"));
    assertThat(html).contains("badge accepted").contains("Accepted breaches").contains("Failing outside the gate");
  }

  @Test
  void underGateBothARegressionFailsInTheSummary() {
    Results r = acceptedAndGated("both");
    assertThat(MarkdownSummary.render(r)).startsWith("## ❌ apex-bench: FAIL (gate: both)");
    assertThat(Summary.terminalTable(r)).startsWith("FAIL: 1 of 3 targets failed (1 accepted breach)");
  }
}
