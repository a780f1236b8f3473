package dev.apexbench.reports.targets;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The work targets: a query's shared blocks per execution over the JMH window against its limit
 * (by name, else by class). Blocks do not depend on how busy the machine is, so a query that starts
 * reading a table fails here even when its time is lost in the machine's noise.
 */
final class WorkTargets {
  private WorkTargets() {}

  static List<TargetResult> evaluate(List<QueryResult> queries, Targets t) {
    List<TargetResult> out = new ArrayList<>();
    if (queries == null || t.workBlocksPerCall() == null || t.workBlocksPerCall().isEmpty()) {
      return out;
    }
    for (QueryResult q : queries) {
      Limit l = t.workBlocksPerCall().containsKey(q.name()) ? t.workBlocksPerCall().get(q.name()) : t.workBlocksPerCall().get(q.queryClass());
      if (l == null || q.work() == null) {
        continue;
      }
      double actual = q.work().blocksPerCall();
      boolean pass = l.test(actual);
      String from = t.workBlocksPerCall().containsKey(q.name()) ? "its own limit" : "the " + q.queryClass() + " class's limit";
      String detail = Fmt.num(actual) + " shared blocks hit or read per execution over " + q.work().calls() + " executions (pg_stat_statements),"
          + " vs " + l.describe() + " (" + from + ")";
      out.add(new TargetResult(q.name() + " shared_blks_per_call", "work", q.name(), "shared_blks_per_call", l.op().symbol(), l.value(),
          actual, null, "blocks", pass, detail));
    }
    return out;
  }
}
