package dev.apexbench.reports.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.model.Breakdown;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breakdown of request time and the server/client split of queries, as people and CI read them. */
class BreakdownReportTest {
  @TempDir Path runDir;

  /** A composite group whose p95 is dominated by waiting for a connection. */
  static Results poolBound() {
    Map<String, Breakdown.PhaseStats> parts = new LinkedHashMap<>();
    double[][] v = {{0.05, 0.1}, {6.0, 12.5}, {1.2, 2.0}, {0.1, 0.2}, {0.02, 0.05}, {0.3, 0.6}}; // mean, p95
    double client = 0;
    for (double[] x : v) {
      client += x[0];
    }
    for (int i = 0; i < Breakdown.PARTS.size(); i++) {
      parts.put(Breakdown.PARTS.get(i), new Breakdown.PhaseStats(v[i][0], v[i][0], v[i][1], v[i][1], v[i][1], v[i][0] / client));
    }
    var c = new Breakdown.PhaseStats(client, client, 14, 15, 16, 1);
    var s = new Breakdown.PhaseStats(client - 0.3, client - 0.3, 13.4, 14, 15, (client - 0.3) / client);
    var load = Fixtures.load(10, 10, List.of(Fixtures.endpoint("GET /accounts/{id}/dashboard", "composite", 600, 0, 14, null)))
        .withBreakdown(Map.of("composite", new Breakdown(600, 0, 0, parts, s, c, "pool")));
    QueryResult q = Fixtures.query("composite.active_dashboard", "composite", 1.2, 0.9)
        .withServer(new QueryResult.ServerTime(5000, 0.5, 0.1, 50, 0.4, 0.4444));
    Targets t = Targets.parse("load:\n  phases:\n    pool: \"< 5 ms\"\n", "t.yaml");
    return Evaluator.evaluate(Fixtures.results(List.of(q), load, null), t);
  }

  @Test
  void theSummaryNamesThePartThatDominatesEachGroupAndThePoolTargetFails() {
    String md = MarkdownSummary.render(poolBound());
    assertThat(md).contains("- composite: p95 14 ms, dominated by **pool** (p95 12.5 ms");
    assertThat(md).contains("load composite pool_p95_ms");
    assertThat(md).startsWith("## ❌");
  }

  @Test
  void theHtmlShowsTheStackedBarThePartsAndTheQueriesServerAndClientTime() {
    String html = HtmlReport.render(poolBound(), runDir);
    assertThat(html).contains("Where the time went").contains("id=\"chart-breakdown\"").contains("network+client")
        .contains("dominant at p95: pool").contains("server ms").contains("client share").contains("44.44 %");
  }
}
