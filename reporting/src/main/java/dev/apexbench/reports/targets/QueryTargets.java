package dev.apexbench.reports.targets;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/** One latency target per measured catalog query: its class limit, or its override. */
final class QueryTargets {

  private QueryTargets() {}

  static List<TargetResult> evaluate(List<QueryResult> queries, Targets targets) {
    List<TargetResult> out = new ArrayList<>();
    if (queries == null) {
      return out;
    }
    for (QueryResult q : queries) {
      Limit limit = targets.forQuery(q);
      if (limit == null || !measured(q)) {
        continue;
      }
      Statistic st = limit.statistic();
      Double actual = st.of(q);
      String source = targets.isOverridden(q.name()) ? "override for " + q.name() : q.queryClass() + " class target";
      boolean pass = actual != null && limit.test(actual);
      String detail;
      if (actual == null) {
        detail = st.key() + " not recorded for this query (" + (q.samples() == null ? "no" : q.samples()) + " samples)";
      } else if (pass) {
        detail = source;
      } else {
        detail = Fmt.ms(actual) + " vs limit " + limit.describe() + " (" + source + ")";
      }
      out.add(new TargetResult(q.name() + " " + st.metric(), "query", q.name(), st.metric(), limit.op().symbol(),
          limit.value(), actual, q.meanMs(), "ms", pass, detail));
    }
    return out;
  }

  /** A query the latency phase ran: it has samples or any latency at all. */
  static boolean measured(QueryResult q) {
    return (q.samples() != null && q.samples() > 0) || q.meanMs() != null || q.p50Ms() != null || q.p95Ms() != null;
  }
}
