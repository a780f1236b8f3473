package dev.apexbench.reports.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.Json;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.targets.Evaluator;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  @TempDir Path runDir;

  /** The page with the inlined library cut out: what this module wrote itself. */
  private static String ownMarkup(String html) {
    return html.replace(Assets.Echarts.SOURCE, "");
  }

  private static JsonNode data(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL)
        .matcher(html);
    assertThat(m.find()).isTrue();
    return Json.MAPPER.readTree(m.group(1));
  }

  @Test
  void theSampleReportShowsTheVerdictAndFailingTargetsFirst() {
    Results r = Fixtures.sampleResults();
    String html = HtmlReport.render(r, runDir);
    assertThat(html).contains("<div class=\"verdict fail\">FAIL</div>");
    List<TargetResult> failing = r.targets().stream().filter(t -> !t.pass()).toList();
    assertThat(failing).isNotEmpty();
    int failingHeading = html.indexOf("<h2 id=\"targets\">Failing targets</h2>");
    int queries = html.indexOf("<h2 id=\"queries\">");
    assertThat(failingHeading).isPositive().isLessThan(queries);
    for (TargetResult t : failing) {
      int at = html.indexOf("<code>" + Html.esc(t.name()) + "</code>");
      assertThat(at).as(t.name()).isGreaterThan(failingHeading).isLessThan(queries);
    }
  }

  @Test
  void itIsSelfContained() {
    String html = HtmlReport.render(Fixtures.sampleResults(), runDir);
    assertThat(Assets.Echarts.SOURCE).hasSizeGreaterThan(500_000).contains("echarts");
    assertThat(html).as("ECharts is inlined").contains(Assets.Echarts.SOURCE);
    assertThat(html).doesNotContainPattern("(?i)<(script|link|img|iframe)[^>]*\\s(src|href)\\s*=\\s*\"?(https?:)?//");
    assertThat(html).doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:)?//");
    // outside the inlined library, the only URL is the load target, shown as text
    String own = ownMarkup(html).replace("http://127.0.0.1:18080", "");
    assertThat(own).as("no URL outside the inlined library").doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void textFromTheResultsIsEscaped() throws Exception {
    String html = HtmlReport.render(Fixtures.sampleResults(), runDir);
    assertThat(html).contains("status &lt;&gt; &#39;draft&#39;").doesNotContain("status <> 'draft'");
    assertThat(html).contains("payload @&gt; ?::jsonb");
    JsonNode d = data(html);
    assertThat(d.path("queryClasses")).hasSize(4);
    assertThat(d.path("timeline").path("t")).hasSize(60);
    assertThat(d.path("hitRates").path("windows")).hasSize(3);
    assertThat(d.path("comparison").path("metrics").size()).isPositive();
  }

  @Test
  void theChartDataCannotCloseItsScriptElement() throws Exception {
    Results evil = Fixtures.results(List.of(Fixtures.query("simple.</script><script>alert(1)</script>", "simple", 1, 1)),
        null, null);
    String html = HtmlReport.render(Evaluator.evaluate(evil, Targets.parse("queries:\n  classes:\n    simple: \"< 10 ms\"\n",
        "t.yaml")), runDir);
    assertThat(html).doesNotContain("<script>alert(1)");
    assertThat(data(html).path("queryClasses").get(0).path("queries").get(0).path("name").asText())
        .isEqualTo("simple.</script><script>alert(1)</script>");
    assertThat(html).contains("simple.&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void linksGatlingAndJmhOnlyWhenTheyExist() throws Exception {
    Results r = Fixtures.sampleResults();
    assertThat(HtmlReport.render(r, runDir)).doesNotContain("href=\"gatling/index.html\"").doesNotContain("href=\"jmh.json\"");
    Files.createDirectories(runDir.resolve("gatling"));
    Files.writeString(runDir.resolve("gatling/index.html"), "<html></html>");
    Files.writeString(runDir.resolve("jmh.json"), "[]");
    assertThat(HtmlReport.render(r, runDir)).contains("href=\"gatling/index.html\"").contains("href=\"jmh.json\"");
  }

  @Test
  void anExplainRunHasPlansButNoLatencyLoadOrDatabaseCharts() throws Exception {
    Results r = Fixtures.results(List.of(Fixtures.explained("simple.a", "simple", "ix_a",
        Fixtures.plan("ix_a", false, List.of()))), null, null);
    String html = HtmlReport.render(Evaluator.evaluate(r, Targets.parse("version: 1\n", "t.yaml")), runDir);
    assertThat(html).contains("No latencies in this run (bench run): the queries were not measured")
        .contains("No load in this run").contains("No database metrics in this run")
        .contains("1 of 1 queries fail the plan guard");
    JsonNode d = data(html);
    assertThat(d.has("queryClasses")).isFalse();
    assertThat(d.has("timeline")).isFalse();
    assertThat(d.has("hitRates")).isFalse();
  }

  @Test
  void writeAllWritesTheThreeViews() throws Exception {
    List<Path> files = ReportWriter.writeAll(runDir, Fixtures.sampleResults());
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("index.html", "summary.md", "junit.xml");
    assertThat(files).allSatisfy(f -> assertThat(Files.size(f)).isPositive());
    try (var s = Files.list(runDir)) {
      assertThat(s.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactlyInAnyOrder(
          "index.html", "summary.md", "junit.xml");
    }
  }
}
