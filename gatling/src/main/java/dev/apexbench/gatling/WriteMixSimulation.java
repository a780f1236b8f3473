package dev.apexbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.apexbench.gatling.groups.ProjectWrites;
import java.util.Set;

/**
 * Only write journeys (create, update with the etag, a stale update that must get 412, delete),
 * open model at the planned write rate.
 *
 * <p>Run: {@code ./bench load --simulation write}.
 */
public class WriteMixSimulation extends RecordedSimulation {
  {
    LoadPlan plan = LoadContext.plan();
    setUp(scenario("write mix").exec(ProjectWrites.journey(plan.writeFeed()))
            .injectOpen(constantUsersPerSec(plan.writeRate()).during(plan.duration()).randomized()))
        .protocols(Protocol.of(plan))
        .assertions(Protocol.assertions(plan, Set.of(WriteRoute.GROUP)));
  }
}
