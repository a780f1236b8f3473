package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-query latency by class: a chart of p50/p95/p99 with the mean and the target line, and a
 * table with every number; the harness baseline (SELECT 1) first, as the floor of what the
 * harness can measure.
 */
final class QuerySection {

  private static final List<String> CLASS_ORDER = List.of("simple", "composite", "aggregation", "jsonb");

  private QuerySection() {}

  static void render(Html h, Page p) {
    h.raw("<section>\n").h2("queries", "Query latency (JMH, over JDBC)");
    List<QueryResult> queries = p.results().queries() == null ? List.of() : p.results().queries();
    List<QueryResult> measured = queries.stream().filter(QuerySection::measured).toList();
    if (measured.isEmpty()) {
      h.p("muted", queries.isEmpty() ? "No catalog queries in this run." : "No latencies in this run (" + p.command()
          + "): the queries were not measured; their plans are below.");
      h.raw("</section>\n");
      return;
    }
    QueryResult base = p.results().harnessBaseline();
    if (base != null && base.p50Ms() != null) {
      h.p("note", "Harness baseline (SELECT 1 through the same connection path): p50 " + Fmt.ms(base.p50Ms())
          + ", p95 " + Fmt.ms(base.p95Ms()) + ", p99 " + Fmt.ms(base.p99Ms()) + ", mean " + Fmt.ms(base.meanMs())
          + ". Every query latency below includes this overhead.");
    }
    ArrayNode classes = p.data().putArray("queryClasses");
    int i = 0;
    for (Map.Entry<String, List<QueryResult>> e : byClass(measured).entrySet()) {
      String id = "chart-queries-" + i++;
      String targetText = classTarget(p, e.getValue());
      h.h3(e.getKey() + (targetText.isEmpty() ? "" : " — target " + targetText));
      h.chart(id, 90 + 46 * e.getValue().size());
      classes.add(chartData(p, id, e.getValue()));
      table(h, p, e.getValue(), base);
    }
    h.raw("</section>\n");
  }

  static boolean measured(QueryResult q) {
    return q.p50Ms() != null || q.p95Ms() != null || q.meanMs() != null;
  }

  private static Map<String, List<QueryResult>> byClass(List<QueryResult> qs) {
    Map<String, List<QueryResult>> m = new LinkedHashMap<>();
    for (String c : CLASS_ORDER) {
      qs.stream().filter(q -> c.equals(q.queryClass())).forEach(q -> m.computeIfAbsent(c, k -> new ArrayList<>()).add(q));
    }
    for (QueryResult q : qs) {
      String c = q.queryClass() == null ? "other" : q.queryClass();
      if (!CLASS_ORDER.contains(c)) {
        m.computeIfAbsent(c, k -> new ArrayList<>()).add(q);
      }
    }
    return m;
  }

  /** "p95 < 10 ms" when every query of the class has that target, else "" (per-query markers). */
  private static String classTarget(Page p, List<QueryResult> qs) {
    String text = null;
    for (QueryResult q : qs) {
      TargetResult t = p.target("query", q.name(), null);
      String s = t == null ? "" : t.metric().replace("_ms", "") + " " + TargetText.limit(t);
      if (text != null && !text.equals(s)) {
        return "";
      }
      text = s;
    }
    return text == null ? "" : text;
  }

  private static ObjectNode chartData(Page p, String id, List<QueryResult> qs) {
    ObjectNode c = p.data().objectNode();
    c.put("id", id);
    String uniform = classTarget(p, qs);
    ArrayNode rows = c.putArray("queries");
    for (QueryResult q : qs) {
      TargetResult t = p.target("query", q.name(), null);
      ObjectNode row = rows.addObject();
      row.put("name", q.name());
      row.put("p50", q.p50Ms());
      row.put("p95", q.p95Ms());
      row.put("p99", q.p99Ms());
      row.put("mean", q.meanMs());
      if (t != null) {
        row.put("limit", t.limit());
        row.put("statistic", t.metric().replace("_ms", ""));
        row.put("pass", !t.blocks());
      }
    }
    if (!uniform.isEmpty()) {
      TargetResult t = p.target("query", qs.get(0).name(), null);
      c.put("limit", t.limit());
      c.put("limitText", "target " + uniform);
    }
    return c;
  }

  private static void table(Html h, Page p, List<QueryResult> qs, QueryResult base) {
    h.tableStart("queries", "query", "#samples", "#mean", "#p50", "#p95", "#p99", "#p99.9", "#max", "#server ms", "#client ms",
        "#client share", "#blocks / call", "#target", "pass");
    for (QueryResult q : qs) {
      TargetResult t = p.target("query", q.name(), null);
      String judged = t == null ? "" : t.metric();
      String name = "<details><summary><code>" + Html.esc(q.name()) + "</code></summary>"
          + (q.description() == null ? "" : "<p>" + Html.esc(q.description()) + "</p>")
          + (q.sql() == null ? "" : "<pre>" + Html.esc(q.sql()) + "</pre>") + "</details>";
      String mean = Fmt.ms(q.meanMs()) + (q.meanErrorMs() == null ? "" : " ± " + Fmt.num(q.meanErrorMs()));
      h.tr(Html.rowClass(t), Html.cell(name), Html.num(q.samples() == null ? "-" : String.valueOf(q.samples())),
          judgedCell(mean, "mean_ms", judged), judgedCell(Fmt.ms(q.p50Ms()), "p50_ms", judged),
          judgedCell(Fmt.ms(q.p95Ms()), "p95_ms", judged), judgedCell(Fmt.ms(q.p99Ms()), "p99_ms", judged),
          judgedCell(Fmt.ms(q.p999Ms()), "p999_ms", judged), judgedCell(Fmt.ms(q.maxMs()), "max_ms", judged),
          Html.num(q.server() == null ? "-" : Fmt.num(q.server().meanMs()) + " ± " + Fmt.num(q.server().stddevMs())),
          Html.num(q.server() == null ? "-" : Fmt.num(q.server().clientMs())),
          Html.num(q.server() == null ? "-" : Fmt.pct(100 * q.server().clientShare())),
          Html.num(q.work() == null ? "-" : Fmt.num(q.work().blocksPerCall())),
          Html.num(t == null ? "none" : t.metric().replace("_ms", "") + " " + TargetText.limit(t)),
          Html.cell(t == null ? "" : Html.badge(t)));
    }
    h.tableEnd();
    if (qs.stream().anyMatch(q -> q.server() != null)) {
      h.p("muted", "server ms: PostgreSQL's own mean execution time for the query over the JMH run (pg_stat_statements,"
          + " warm-up included; ± its standard deviation); client ms: JMH's mean minus it (the round trip, planning,"
          + " JDBC binding and reading the rows, as the api reads them); client share: client ms over the mean; blocks / call:"
          + " shared blocks hit or read per execution over the same window, a work counter that the machine's noise does not move.");
    }
  }

  /** A number cell, bold when it is the statistic the target judges. */
  private static String judgedCell(String text, String metric, String judged) {
    return metric.equals(judged) ? "<td class=\"num judged\">" + Html.esc(text) + "</td>" : Html.num(text);
  }
}
