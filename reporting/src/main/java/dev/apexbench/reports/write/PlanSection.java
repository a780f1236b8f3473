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
    h.p(violations == 0 ? "ok" : "alert", violations == 0
        ? "Every query with an intended index uses it in every checked plan, without a sequential scan of an indexed relation."
        : violations + " of " + withPlans.size() + " queries fail the plan guard: a plan misses the intended index or"
            + " seq-scans a relation that has one.");
    h.p("muted", "Each query is explained through its own JDBC prepared statement under plan_cache_mode force_custom_plan"
        + " and force_generic_plan, with sampled parameter sets and the largest tenant's; the table shows the first custom"
        + " plan, the details every combination.");
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
          + checks(pl)
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

  /** Every (plan-cache mode, parameter set) explained, open when one failed. */
  private static String checks(Plan pl) {
    if (pl.checks() == null || pl.checks().isEmpty()) {
      return "";
    }
    long failed = pl.checks().stream().filter(c -> !c.pass()).count();
    StringBuilder sb = new StringBuilder("<details" + (failed > 0 ? " open" : "") + "><summary>" + pl.checks().size() + " plans checked"
        + (failed > 0 ? ", " + failed + " failed" : "") + "</summary><table class=\"checks\"><tr><th>plan</th><th>parameters</th>"
        + "<th>nodes</th><th>seq scans</th><th class=\"num\">ms</th><th>check</th></tr>");
    for (Plan.Check c : pl.checks()) {
      sb.append("<tr").append(c.pass() ? "" : " class=\"bad\"").append("><td>")
          .append(Html.esc(c.mode().replace("force_", "").replace("_plan", ""))).append("</td><td>")
          .append(Html.esc(c.paramSet())).append("<br><small><code>").append(Html.esc(String.join(", ", c.params())))
          .append("</code></small></td><td>").append(Html.esc(join(c.nodeTypes()))).append("</td><td>")
          .append(Html.esc(c.seqScans() == null || c.seqScans().isEmpty() ? "-" : join(c.seqScans()))).append("</td><td class=\"num\">")
          .append(Html.esc(Fmt.ms(c.executionMs()))).append("</td><td>")
          .append(c.pass() ? Html.badge(true) : Html.badge(false) + " " + Html.esc(c.reason())).append("</td></tr>");
    }
    return sb.append("</table></details>").toString();
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
