package dev.apexbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.apexbench.gatling.groups.DashboardReads;
import dev.apexbench.gatling.groups.ProjectWrites;
import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The default load: the dashboard read mix and the write journeys at the same time, both as open
 * workloads (Poisson arrivals at the planned rates), for the planned duration.
 *
 * <p>Run: {@code ./bench load} (profile quick: 50 read users/s + 5 write journeys/s for 60 s).
 * Expect single-digit millisecond medians for most routes at scale 1 on 2 cores, with the JSONB
 * searches far slower (the report's schema has no JSONB index).
 */
public class FullStackSimulation extends RecordedSimulation {
  {
    LoadPlan plan = LoadContext.plan();
    List<PopulationBuilder> populations = new ArrayList<>();
    populations.add(
        scenario("read mix").exec(DashboardReads.oneRequest(plan.feeds()))
            .injectOpen(constantUsersPerSec(plan.readRate()).during(plan.duration()).randomized()));
    Set<String> groups = Protocol.readGroups();
    if (plan.writeRate() > 0) {
      populations.add(
          scenario("write mix").exec(ProjectWrites.journey(plan.writeFeed()))
              .injectOpen(constantUsersPerSec(plan.writeRate()).during(plan.duration()).randomized()));
      groups.add(WriteRoute.GROUP);
    }
    setUp(populations).protocols(Protocol.of(plan)).assertions(Protocol.assertions(plan, groups));
  }
}
