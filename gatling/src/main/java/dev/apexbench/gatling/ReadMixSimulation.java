package dev.apexbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.apexbench.gatling.groups.DashboardReads;

/**
 * Only the dashboard read mix, open model at the planned rate.
 *
 * <p>Run: {@code ./bench load --simulation read}.
 */
public class ReadMixSimulation extends RecordedSimulation {
  {
    LoadPlan plan = LoadContext.plan();
    setUp(scenario("read mix").exec(DashboardReads.oneRequest(plan.feeds()))
            .injectOpen(constantUsersPerSec(plan.readRate()).during(plan.duration()).randomized()))
        .protocols(Protocol.of(plan))
        .assertions(Protocol.assertions(plan, Protocol.readGroups()));
  }
}
