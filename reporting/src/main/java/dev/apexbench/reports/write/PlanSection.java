package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Plan;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.TargetResult;
import java.util.List;

/** The plans table: the index each query used against the index it is meant to use. */
final class PlanSection {

  private PlanSection() {}

  static void render(Html h, Page p) {
    h.raw("<section>\n").h2("plans", "Query plans (EXPLAIN ANALYZE, BUFFERS)");
    List<QueryResult> withPlans = p.results().queries() == null ? List.of()
        : p.results().queries().stream().filter(q -> q.plan() != null).toList();
    if (withPlans.isEmpty()) {
      h.p("muted", "No plans in this run (" + p.command() + "): the queries were not explained.");
      h.raw("</section>\n");
      return;
    }
    long violations = withPlans.stream().filter(q -> isViolation(p, q)).count();
    h.p(violations == 0 ? "ok" : "alert", violations == 0 ? "Every query with an intended index uses it."
        : violations + " of " + withPlans.size() + " queries do not use their intended index.");
    h.tableStart("plans", "query", "uses intended", "intended index", "indexes used", "plan nodes", "#rows",
        "#buffers hit / read", "#execution (planning)");
    for (QueryResult q : withPlans) {
      Plan pl = q.plan();
      TargetResult t = p.target("plan", q.name(), null);
      String intended = q.intendedIndex() != null ? q.intendedIndex() : pl.intended();
      String intendedCell = intended == null
          ? "<span class=\"muted\">none</span>" + (q.indexNote() == null ? "" : "<br><small>" + Html.esc(q.indexNote()) + "</small>")
          : "<code>" + breakable(intended) + "</code>";
      String more = "<div class=\"more\">"
          + (q.sql() == null ? "" : "<details><summary>SQL</summary><pre>" + Html.esc(q.sql()) + "</pre></details>")
          + (pl.json() == null ? "" : "<details><summary>plan JSON</summary><pre>" + Html.esc(pl.json().toPrettyString())
              + "</pre></details>")
          + "</div>";
      String nodes = Html.esc(join(pl.nodeTypes()))
          + (Boolean.TRUE.equals(pl.genericPlan()) ? " <small class=\"muted\">(generic plan)</small>" : "");
      h.tr(isViolation(p, q) ? "bad" : "", Html.cell("<code>" + Html.esc(q.name()) + "</code>" + more),
          Html.cell(usesCell(pl, intended, t)), Html.cell(intendedCell), Html.cell(codes(pl.indexesUsed())),
          Html.cell(nodes), Html.num(String.valueOf(pl.rows())),
          Html.num(pl.sharedHitBlocks() + " / " + pl.sharedReadBlocks()),
          Html.num(Fmt.ms(pl.executionMs()) + " (" + Fmt.num(pl.planningMs()) + ")"));
    }
    h.tableEnd();
    h.raw("</section>\n");
  }

  private static boolean isViolation(Page p, QueryResult q) {
    TargetResult t = p.target("plan", q.name(), null);
    if (t != null) {
      return t.actual() != null && t.actual() < 1;
    }
    return q.plan().violation();
  }

  private static String usesCell(Plan pl, String intended, TargetResult t) {
    if (intended == null) {
      return "<span class=\"muted\">n/a</span>";
    }
    boolean uses = t != null && t.actual() != null ? t.actual() >= 1
        : pl.usesIntendedIndex() != null ? pl.usesIntendedIndex() : !pl.violation();
    return uses ? "<span class=\"badge pass\">yes</span>" : "<span class=\"badge fail\">no</span>";
  }

  private static String codes(List<String> names) {
    if (names == null || names.isEmpty()) {
      return "<span class=\"muted\">none</span>";
    }
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(sb.length() == 0 ? "" : "<br>").append("<code>").append(breakable(n)).append("</code>");
    }
    return sb.toString();
  }

  /** An index name that may wrap after its underscores, not inside its words. */
  private static String breakable(String name) {
    return Html.esc(name).replace("_", "_<wbr>");
  }

  private static String join(List<String> l) {
    return l == null ? "" : String.join(", ", l);
  }
}
