package dev.apexbench.reports.targets;

import dev.apexbench.reports.model.Plan;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One check per query that has a plan: does every checked plan (both plan-cache modes, every
 * parameter set) use the query's intended index, without a sequential scan of a relation that has
 * an intended index? A query with no intended index is not a violation (the schema has none that
 * can serve it); the detail says so. Metric {@code uses_intended_index}: actual 1 (yes) or 0 (no),
 * limit {@code >= 1}.
 */
final class PlanChecks {

  static final String METRIC = "uses_intended_index";

  private PlanChecks() {}

  static List<TargetResult> evaluate(List<QueryResult> queries, boolean required) {
    List<TargetResult> out = new ArrayList<>();
    if (queries == null) {
      return out;
    }
    for (QueryResult q : queries) {
      Plan plan = q.plan();
      if (plan == null) {
        continue;
      }
      String intended = q.intendedIndex() != null ? q.intendedIndex() : plan.intended();
      String name = q.name() + " " + METRIC;
      if (intended == null) {
        String note = q.indexNote() == null || q.indexNote().isBlank() ? "" : ": " + q.indexNote();
        out.add(new TargetResult(name, "plan", q.name(), METRIC, ">=", 1, null, null, "", true,
            "no index is intended for this query" + note));
        continue;
      }
      boolean uses = !plan.violation() && (plan.usesIntendedIndex() == null || plan.usesIntendedIndex());
      String detail;
      List<Plan.Check> failed = plan.checks() == null ? List.of() : plan.checks().stream().filter(c -> !c.pass()).toList();
      int n = plan.checks() == null ? 1 : plan.checks().size();
      if (uses) {
        detail = "uses " + intended + (n > 1 ? " in all " + n + " plans (custom and generic, every parameter set)" : "");
      } else if (!failed.isEmpty()) {
        detail = failed.size() + " of " + n + " plans fail: " + String.join("; ",
            failed.stream().map(c -> c.mode().replace("force_", "").replace("_plan", "") + " plan, " + c.paramSet() + ": " + c.reason())
                .toList())
            + (required ? "" : " (not enforced: plans.require_intended_index is false)");
      } else {
        detail = "uses " + used(plan) + ", not " + intended
            + (required ? "" : " (not enforced: plans.require_intended_index is false)");
      }
      out.add(new TargetResult(name, "plan", q.name(), METRIC, ">=", 1, uses ? 1.0 : 0.0, null, "",
          uses || !required, detail));
    }
    return out;
  }

  private static String used(Plan plan) {
    if (plan.indexesUsed() != null && !plan.indexesUsed().isEmpty()) {
      return String.join(", ", plan.indexesUsed());
    }
    String nodes = plan.nodeTypes() == null || plan.nodeTypes().isEmpty() ? "" : " (" + String.join(", ", plan.nodeTypes()) + ")";
    return "no index" + nodes;
  }
}
