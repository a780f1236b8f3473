package dev.apexbench.reports.targets;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Capacity;
import dev.apexbench.reports.model.TargetResult;
import java.util.List;

/** The capacity target: the highest rate that met every load target, against a floor. */
final class CapacityTargets {
  private CapacityTargets() {}

  static List<TargetResult> evaluate(Capacity c, Targets t) {
    if (c == null || t.capacitySustainableRps() == null) {
      return List.of();
    }
    Limit l = t.capacitySustainableRps();
    Double actual = c.maxSustainableRps();
    boolean pass = actual != null && l.test(actual);
    String detail = actual == null
        ? "no step met every load target (the lowest offered " + (c.steps().isEmpty() ? "-" : Fmt.withUnit(c.steps().get(0).offeredRps(), "rps"))
            + "; first breach: " + c.firstBreach() + ")"
        : "the highest offered rate that met every load target, " + c.steps().size() + " steps of " + Fmt.withUnit(c.stepSeconds(), "s")
            + (c.firstBreach() == null ? "" : "; first breach above it: " + c.firstBreach())
            + (c.bottleneck() == null ? "" : "; bottleneck: " + c.bottleneck().name());
    String d = pass || actual == null ? detail : Fmt.withUnit(actual, "rps") + " vs limit " + l.describe() + "; " + detail;
    return List.of(new TargetResult("capacity sustainable_rps", "capacity", "capacity", "sustainable_rps", l.op().symbol(), l.value(), actual,
        null, "rps", pass, d));
  }
}
