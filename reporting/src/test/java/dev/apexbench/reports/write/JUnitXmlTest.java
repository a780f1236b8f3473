package dev.apexbench.reports.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlTest {

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document d, String tag) {
    NodeList nl = d.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nl.getLength(); i++) {
      out.add((Element) nl.item(i));
    }
    return out;
  }

  @Test
  void oneTestCasePerTargetWithCorrectCounts() throws Exception {
    Results r = Fixtures.sampleResults();
    long failing = r.targets().stream().filter(t -> !t.pass()).count();
    assertThat(failing).as("the sample has failing targets").isGreaterThan(0);
    Document d = parse(JUnitXml.render(r));

    Element root = d.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(r.targets().size()));
    assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(failing));
    assertThat(root.getAttribute("errors")).isEqualTo("0");
    assertThat(elements(d, "testcase")).hasSize(r.targets().size());
    assertThat(elements(d, "failure")).hasSize((int) failing);

    int sumTests = 0;
    int sumFailures = 0;
    for (Element suite : elements(d, "testsuite")) {
      int cases = suite.getElementsByTagName("testcase").getLength();
      int failures = suite.getElementsByTagName("failure").getLength();
      assertThat(suite.getAttribute("tests")).as(suite.getAttribute("name")).isEqualTo(String.valueOf(cases));
      assertThat(suite.getAttribute("failures")).as(suite.getAttribute("name")).isEqualTo(String.valueOf(failures));
      sumTests += cases;
      sumFailures += failures;
    }
    assertThat(sumTests).isEqualTo(r.targets().size());
    assertThat(sumFailures).isEqualTo(failing);
    assertThat(elements(d, "testsuite")).extracting(e -> e.getAttribute("name"))
        .contains("apex-bench.query", "apex-bench.plan", "apex-bench.database", "apex-bench.load", "apex-bench.regression");
  }

  @Test
  void failuresCarryActualVsLimit() throws Exception {
    Document d = parse(JUnitXml.render(Fixtures.sampleResults()));
    Element failure = elements(d, "testcase").stream()
        .filter(e -> e.getAttribute("name").equals("aggregation.events_per_day p95_ms"))
        .map(e -> (Element) e.getElementsByTagName("failure").item(0)).findFirst().orElseThrow();
    assertThat(failure.getAttribute("message")).matches("actual \\d+(\\.\\d+)? ms vs limit < 100 ms");
    Element plan = elements(d, "testcase").stream()
        .filter(e -> e.getAttribute("name").equals("composite.active_dashboard uses_intended_index"))
        .map(e -> (Element) e.getElementsByTagName("failure").item(0)).findFirst().orElseThrow();
    assertThat(plan.getAttribute("message")).isEqualTo("actual no vs limit yes");
    assertThat(plan.getTextContent()).contains("not ix_projects_active_status");
  }

  @Test
  void markupAndControlCharactersInNamesStayWellFormed() throws Exception {
    TargetResult odd = new TargetResult("q <a href=\"x\">&amp;\u0001</a> p95_ms", "query", "q", "p95_ms", "<", 10, 12.0, null,
        "ms", false, "12 ms > 10 ms & \"quoted\" ]]> end");
    Results r = Fixtures.results(Fixtures.run("quick", 1, List.of(new Phase("load", Phase.FAILED, 1, "api <down>")), Map.of()),
        List.of(), null, null).withTargets(List.of(odd), "fail");
    Document d = parse(JUnitXml.render(r));
    assertThat(elements(d, "testcase").get(0).getAttribute("name")).isEqualTo("q <a href=\"x\">&amp;</a> p95_ms");
    assertThat(elements(d, "failure").get(0).getTextContent()).isEqualTo("12 ms > 10 ms & \"quoted\" ]]> end");
    assertThat(d.getDocumentElement().getAttribute("tests")).isEqualTo("2");
    assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(d.getDocumentElement().getAttribute("errors")).isEqualTo("1");
    assertThat(elements(d, "error").get(0).getAttribute("message")).isEqualTo("phase load failed: api <down>");
  }

  @Test
  void anAcceptedBreachIsSkippedAndAnExpiredAcceptanceIsAFailure() throws Exception {
    TargetResult accepted = new TargetResult("jsonb.a p95_ms", "query", "jsonb.a", "p95_ms", "<", 50, 72.0, 40.0, "ms", false, "")
        .withAcceptance(new TargetResult.Acceptance("accepted", "no index serves it", "2027-03-31"));
    TargetResult expired = new TargetResult("jsonb.b p95_ms", "query", "jsonb.b", "p95_ms", "<", 50, 12.0, 10.0, "ms", true, "")
        .withAcceptance(new TargetResult.Acceptance("expired", "was slow", "2026-01-31"));
    Results r = Fixtures.results(List.of(), null, null).withVerdicts(List.of(accepted, expired), "fail",
        new Results.Verdicts("both", "fail", null));
    Document d = parse(JUnitXml.render(r));
    assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    assertThat(d.getDocumentElement().getAttribute("skipped")).isEqualTo("1");
    Element skipped = elements(d, "skipped").get(0);
    assertThat(skipped.getAttribute("message")).isEqualTo("accepted (no index serves it, until 2027-03-31); actual 72 ms vs limit < 50 ms");
    Element failure = elements(d, "failure").get(0);
    assertThat(failure.getAttribute("type")).isEqualTo("acceptance expired");
    assertThat(failure.getAttribute("message")).startsWith("acceptance expired on 2026-01-31: renew or remove it (was slow)");
  }
}
