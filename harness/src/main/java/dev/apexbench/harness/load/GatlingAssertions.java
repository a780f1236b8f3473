package dev.apexbench.harness.load;

import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.reports.targets.Limit;
import dev.apexbench.reports.targets.Op;
import dev.apexbench.reports.targets.Targets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gatling's assertions from the load targets, so Gatling's own report agrees with the gate. */
public final class GatlingAssertions {
  private GatlingAssertions() {}

  public static LoadPlan.LoadAssertions of(Targets t) {
    Map<String, LoadPlan.GroupLimit> groups = new LinkedHashMap<>();
    t.loadGroups().forEach((group, limit) -> {
      if (limit != null && limit.op().isUpperBound()) {
        groups.put(group, new LoadPlan.GroupLimit(limit.statistic().key(), limit.op() == Op.LE, (int) Math.ceil(limit.value())));
      }
    });
    Limit err = t.loadErrorRate();
    return new LoadPlan.LoadAssertions(err == null || !err.op().isUpperBound() ? null : err.value(), groups);
  }
}
