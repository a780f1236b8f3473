package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;

/** The gate end to end: bench run writes the four files and a verdict; report; compare. */
@RealServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GateCommandsTest {
  static String url;
  static Path firstRun;

  @BeforeAll
  static void server() {
    url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
  }

  static Path latest() throws Exception {
    return CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
  }

  @Test
  @Order(1)
  void smokeRunWritesResultsHtmlSummaryAndJunitWithAVerdict() throws Exception {
    CliRun r = CliRun.of("run", "--profile", "smoke", "--queries", "composite.project_timeline,aggregation.tenant_status_view",
        "--rate", "10", "--duration", "3s", "--scale", "0.1", "--db", url, "--reset");
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    firstRun = latest();
    for (String f : new String[] {"results.json", "index.html", "summary.md", "junit.xml", "jmh.json", "gatling/index.html"}) {
      assertThat(firstRun.resolve(f)).as(f).exists();
    }
    JsonNode res = new ObjectMapper().readTree(firstRun.resolve("results.json").toFile());
    assertThat(res.get("schema_version").asInt()).isEqualTo(2);
    assertThat(res.get("verdict").asText()).isIn("pass", "fail");
    assertThat(r.exitCode()).isEqualTo(res.get("verdict").asText().equals("pass") ? 0 : 1);
    assertThat(res.get("run").get("phases").findValuesAsText("status")).containsOnly("ok");
    assertThat(res.get("queries")).hasSize(2);
    assertThat(res.get("load").get("endpoints").size()).isPositive();
    assertThat(res.get("database").get("windows").has("jmh")).isTrue();
    assertThat(res.get("database").get("windows").has("load")).isTrue();
    assertThat(res.get("targets").size()).isGreaterThan(5);
    assertThat(r.out()).containsAnyOf("PASS", "FAIL");

    Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(firstRun.resolve("junit.xml").toFile());
    int cases = junit.getElementsByTagName("testcase").getLength();
    assertThat(cases).isEqualTo(res.get("targets").size());
    long blocking = 0;
    for (JsonNode t : res.get("targets")) {
      String state = t.path("acceptance").path("state").asText("");
      blocking += state.equals("expired") || (!t.get("pass").asBoolean() && !state.equals("accepted")) ? 1 : 0;
    }
    assertThat(junit.getElementsByTagName("failure").getLength()).as("a failure per breach that blocks (an accepted one does not)")
        .isEqualTo((int) blocking);
    assertThat(Files.readString(firstRun.resolve("summary.md"))).contains(res.get("verdict").asText().toUpperCase());
  }

  @Test
  @Order(2)
  void reportRebuildsTheViewsFromResultsJson() throws Exception {
    Files.delete(firstRun.resolve("index.html"));
    Files.delete(firstRun.resolve("junit.xml"));
    String before = Files.readString(firstRun.resolve("results.json"));
    CliRun r = CliRun.of("report", firstRun.toString());
    assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
    assertThat(firstRun.resolve("index.html")).exists();
    assertThat(firstRun.resolve("junit.xml")).exists();
    assertThat(Files.readString(firstRun.resolve("results.json"))).as("results.json is left as it was").isEqualTo(before);
  }

  @Test
  @Order(3)
  void compareOfARunWithItselfIsNoChangeAndASlowerRunIsARegression() throws Exception {
    CliRun same = CliRun.of("compare", firstRun.toString(), firstRun.toString());
    assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
    assertThat(same.out()).contains("verdict: no change");

    // the same queries, made slower on purpose: the report's indexes dropped (a different schema, so --force)
    String[] slow = {"jmh", "--profile", "smoke", "--queries", "composite.project_timeline,aggregation.tenant_status_view",
        "--scale", "0.1", "--schema-variant", "report-indexes", "--db", url, "--reset"};
    CliRun jmh = CliRun.of(slow);
    assertThat(jmh.exitCode()).as(jmh.err()).isIn(0, 1);
    Path slower = latest();
    CliRun refused = CliRun.of("compare", firstRun.toString(), slower.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.errorLines()).contains("schema").contains("--force");
    String before = Files.readString(slower.resolve("results.json"));
    String htmlBefore = Files.readString(slower.resolve("index.html"));
    CliRun regression = CliRun.of("compare", firstRun.toString(), slower.toString(), "--force");
    assertThat(regression.exitCode()).as(regression.out()).isEqualTo(1);
    assertThat(regression.out()).contains("composite.project_timeline").contains("regression");
    assertThat(Files.readString(slower.resolve("results.json"))).as("compare is read-only on its inputs").isEqualTo(before);
    assertThat(Files.readString(slower.resolve("index.html"))).isEqualTo(htmlBefore);
    Path written = slower.resolveSibling(slower.getFileName() + "-compare");
    assertThat(written.resolve("results.json")).exists();
    assertThat(Files.readString(written.resolve("index.html"))).as("the comparison has its own report").contains("regression");
    assertThat(written.resolve("junit.xml")).exists();
  }

  @Test
  void badTargetsFileIsOneLineNamingTheLine() throws Exception {
    Path bad = Files.createTempFile("targets", ".yaml");
    Files.writeString(bad, "version: 1\nqueries:\n  classes:\n    simple: \"< 10 parsecs\"\n");
    CliRun r = CliRun.of("run", "--targets", bad.toString(), "--db", url);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLines().lines()).hasSize(1);
    assertThat(r.errorLines()).contains(bad + ":4").contains("parsecs");
    CliRun missing = CliRun.of("compare", "/nonexistent/results.json");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.errorLines().lines()).hasSize(1);
  }
}
