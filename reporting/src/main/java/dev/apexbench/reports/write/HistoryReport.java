package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.Json;
import dev.apexbench.reports.model.History;

/** {@code history/index.html}: per comparable group, a trend table with change points and a p95 chart. */
public final class HistoryReport {
  private HistoryReport() {}

  private static final String SCRIPT = """
      (function () {
        'use strict';
        var data = JSON.parse(document.getElementById('history-data').textContent);
        data.forEach(function (g, gi) {
          var el = document.getElementById('chart-history-' + gi);
          if (!el || typeof echarts === 'undefined') { return; }
          var c = echarts.init(el);
          c.setOption({ animation: false, tooltip: { trigger: 'axis' }, legend: { type: 'scroll', bottom: 0 },
            grid: { left: 60, right: 30, top: 20, bottom: 60 },
            xAxis: { type: 'category', data: g.runs },
            yAxis: { type: 'log', name: 'p95 ms', logBase: 10 },
            series: g.series.map(function (s) { return { name: s.name, type: 'line', data: s.values, connectNulls: false }; }) });
          window.addEventListener('resize', function () { c.resize(); });
        });
      })();
      """;

  public static String render(History h) {
    Html body = new Html();
    body.raw("<section>\n").h2("history", "Run history");
    body.p("note", h.runsRead() + " runs read" + (h.unreadable() == 0 ? "" : ", " + h.unreadable() + " unreadable") + ", "
        + h.groups().size() + " groups of comparable runs (same dataset, profile, server and machine kind). A change is what bench"
        + " compare's statistics call a regression or an improvement between a run and the one before it (at least 15 % and 0.1 ms"
        + " for queries, 1 ms for load endpoints, Holm-corrected Mann-Whitney on per-iteration or per-interval values).");
    for (String n : h.notes()) {
      body.p("muted", n);
    }
    ArrayNode data = Json.MAPPER.createArrayNode();
    for (int gi = 0; gi < h.groups().size(); gi++) {
      History.Group g = h.groups().get(gi);
      body.h3(g.identity());
      ObjectNode gd = data.addObject();
      ArrayNode runs = gd.putArray("runs");
      g.runs().forEach(r -> runs.add(r.startedAt() == null ? r.id() : r.startedAt().substring(0, Math.min(16, r.startedAt().length()))));
      ArrayNode series = gd.putArray("series");
      for (History.Series s : g.series()) {
        if (s.metric().equals("p95_ms") && !s.subject().startsWith("load GET") && !s.subject().startsWith("load P")
            && !s.subject().startsWith("load D")) {
          ObjectNode o = series.addObject().put("name", s.subject());
          ArrayNode v = o.putArray("values");
          s.values().forEach(x -> {
            if (x == null || x <= 0) {
              v.addNull();
            } else {
              v.add(x);
            }
          });
        }
      }
      body.chart("chart-history-" + gi, 320);
      String[] headers = new String[g.runs().size() + 3];
      headers[0] = "subject";
      headers[1] = "metric";
      for (int i = 0; i < g.runs().size(); i++) {
        History.RunRef r = g.runs().get(i);
        headers[i + 2] = "#" + (r.startedAt() == null ? r.id() : r.startedAt().substring(0, Math.min(16, r.startedAt().length())))
            + " (" + r.command() + (r.gitCommit() == null ? "" : " " + r.gitCommit().substring(0, Math.min(7, r.gitCommit().length()))) + ")";
      }
      headers[headers.length - 1] = "#target";
      body.tableStart("history", headers);
      for (History.Series s : g.series()) {
        String[] cells = new String[headers.length];
        cells[0] = Html.cell("<code>" + Html.esc(s.subject()) + "</code>");
        cells[1] = Html.cell(Html.esc(s.metric().replace("_ms", "")));
        for (int i = 0; i < s.values().size(); i++) {
          Double v = s.values().get(i);
          final int idx = i;
          History.Change c = s.changes().stream().filter(x -> x.runIndex() == idx).findFirst().orElse(null);
          String text = v == null ? "-" : Fmt.ms(v);
          if (c != null) {
            text += " " + ("regression".equals(c.verdict()) ? "▲" : "▼") + " " + Fmt.change(c.changePct());
            cells[i + 2] = "<td class=\"num " + ("regression".equals(c.verdict()) ? "judged bad" : "judged") + "\">" + Html.esc(text) + "</td>";
          } else {
            cells[i + 2] = Html.num(text);
          }
        }
        cells[cells.length - 1] = Html.num(s.limitMs() == null ? "" : "< " + Fmt.ms(s.limitMs()));
        body.tr(s.changes().stream().anyMatch(c -> "regression".equals(c.verdict())) ? "bad" : "", cells);
      }
      body.tableEnd();
    }
    body.raw("</section>\n");
    String json;
    try {
      json = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(data)
          .replace("<", "\\u003c");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Html page = new Html();
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>apex-bench history</title>\n")
        .raw("<style>\n").raw(Assets.css()).raw("</style>\n</head>\n<body>\n<main>\n").raw(body.toString())
        .raw("<footer>apex-bench history · generated ").text(h.generatedAt()).raw(" · charts by Apache ECharts ").text(Assets.Echarts.VERSION)
        .raw(" (inlined)</footer>\n</main>\n<script type=\"application/json\" id=\"history-data\">").raw(json).raw("</script>\n")
        .raw("<script>\n").raw(Assets.inScript(Assets.Echarts.SOURCE)).raw("\n</script>\n<script>\n").raw(Assets.inScript(SCRIPT))
        .raw("\n</script>\n</body>\n</html>\n");
    return page.toString();
  }
}
