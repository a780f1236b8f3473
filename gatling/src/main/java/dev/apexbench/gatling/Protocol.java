package dev.apexbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What every simulation shares: the protocol (never phoning home) and the plan's assertions. */
final class Protocol {
  private Protocol() {}

  static HttpProtocolBuilder of(LoadPlan plan) {
    return http.baseUrl(plan.baseUrl()).disableWarmUp().acceptHeader("application/json").userAgentHeader("apex-bench");
  }

  /** Error rate over everything, and a latency limit per endpoint group this simulation drives. */
  static List<Assertion> assertions(LoadPlan plan, Set<String> groups) {
    List<Assertion> out = new ArrayList<>();
    if (plan.assertions().maxErrorPct() != null) {
      out.add(global().failedRequests().percent().lt(plan.assertions().maxErrorPct()));
    }
    plan.assertions().byGroup().forEach((group, limit) -> {
      if (groups.contains(group)) {
        out.add(latency(details(group).responseTime(), limit));
      }
    });
    return out;
  }

  private static Assertion latency(io.gatling.javaapi.core.Assertion.WithPathAndTimeMetric t, LoadPlan.GroupLimit l) {
    var target = switch (l.statistic()) {
      case "mean" -> t.mean();
      case "max" -> t.max();
      default -> t.percentile(Double.parseDouble(l.statistic().substring(1).replace("999", "99.9")));
    };
    return l.inclusive() ? target.lte(l.ms()) : target.lt(l.ms());
  }

  static Set<String> readGroups() {
    Set<String> g = new java.util.LinkedHashSet<>();
    for (Route r : Route.values()) {
      g.add(r.group);
    }
    return g;
  }
}
