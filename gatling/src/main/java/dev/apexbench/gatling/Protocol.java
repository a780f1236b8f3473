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

  /** Error rate over everything, and a p95 per endpoint group that this simulation drives. */
  static List<Assertion> assertions(LoadPlan plan, Set<String> groups) {
    List<Assertion> out = new ArrayList<>();
    out.add(global().failedRequests().percent().lte(plan.assertions().maxErrorPct()));
    plan.assertions().p95MsByGroup().forEach((group, ms) -> {
      if (groups.contains(group)) {
        out.add(details(group).responseTime().percentile(95.0).lt(ms));
      }
    });
    return out;
  }

  static Set<String> readGroups() {
    Set<String> g = new java.util.LinkedHashSet<>();
    for (Route r : Route.values()) {
      g.add(r.group);
    }
    return g;
  }
}
