package dev.apexbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.apexbench.gatling.groups.DashboardReads;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.util.List;

/**
 * The capacity sweep: the read mix at each planned rate in turn, each held for the planned
 * duration; the per-second timeline shows where latency leaves the targets.
 *
 * <p>Run: {@code ./bench load --simulation sweep} (default steps 25, 50, 100, 200, 400 users/s).
 */
public class SteppedRateSimulation extends RecordedSimulation {
  {
    LoadPlan plan = LoadContext.plan();
    List<OpenInjectionStep> steps =
        plan.steps().stream().<OpenInjectionStep>map(r -> constantUsersPerSec(r).during(plan.duration()).randomized()).toList();
    setUp(scenario("read sweep").exec(DashboardReads.oneRequest(plan.feeds())).injectOpen(steps))
        .protocols(Protocol.of(plan))
        .assertions(Protocol.assertions(plan, Protocol.readGroups()));
  }
}
