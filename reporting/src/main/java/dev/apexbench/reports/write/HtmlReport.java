package dev.apexbench.reports.write;

import dev.apexbench.reports.Json;
import dev.apexbench.reports.model.Results;
import java.nio.file.Path;

/**
 * {@code index.html}: one self-contained page. ECharts, the page's script and its data are
 * inlined, so it opens from a CI artifact or an email with no network; nothing is loaded from a
 * URL. Tables are rendered here (readable without JavaScript); charts are drawn by report.js from
 * the JSON in {@code <script id="report-data">}.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /**
   * @param runDir the run directory, to link the Gatling report and jmh.json when they exist
   */
  public static String render(Results r, Path runDir) {
    Page page = Page.of(r, runDir);
    Html body = new Html();
    VerdictSection.render(body, page); // the verdict, failing targets (regressions included) first
    QuerySection.render(body, page);
    PlanSection.render(body, page);
    LoadSection.render(body, page);
    CapacitySection.render(body, page);
    ExperimentSection.render(body, page);
    DrSection.render(body, page);
    DatabaseSection.render(body, page);
    ComparisonSection.render(body, page); // every compared metric; its verdict is at the top already
    EnvironmentSection.render(body, page);

    Html h = new Html();
    String id = r.run() == null || r.run().id() == null ? "" : " · " + r.run().id();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<title>").text("apex-bench " + TargetText.verdict(r) + id).raw("</title>\n")
        .raw("<style>\n").raw(Assets.css()).raw("</style>\n</head>\n<body>\n<main>\n")
        .raw(body.toString())
        .raw("<footer>apex-bench report · charts by Apache ECharts ").text(Assets.Echarts.VERSION)
        .raw(" (inlined)</footer>\n</main>\n")
        .raw("<script type=\"application/json\" id=\"report-data\">").raw(data(page)).raw("</script>\n")
        .raw("<script>\n").raw(Assets.inScript(Assets.Echarts.SOURCE)).raw("\n</script>\n")
        .raw("<script>\n").raw(Assets.inScript(Assets.script())).raw("\n</script>\n")
        .raw("</body>\n</html>\n");
    return h.toString();
  }

  /**
   * The chart data as JSON safe inside a script element: every '<' is written as \u003c (it
   * can occur only inside JSON strings, where the escape means the same character).
   */
  private static String data(Page page) {
    try {
      return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(page.data())
          .replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the chart data: " + e.getMessage(), e);
    }
  }
}
