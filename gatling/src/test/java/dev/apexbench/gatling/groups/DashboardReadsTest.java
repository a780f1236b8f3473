package dev.apexbench.gatling.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.gatling.Route;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read mix's cycle: exactly the weights in every 100 users, in one order for every run. */
class DashboardReadsTest {
  @Test
  void everyHundredUsersHoldTheWeightedMixExactly() {
    Route[] cycle = DashboardReads.cycle();
    assertThat(cycle).hasSize(100);
    Map<Route, Integer> counts = new EnumMap<>(Route.class);
    for (Route r : cycle) {
      counts.merge(r, 1, Integer::sum);
    }
    for (Route r : Route.values()) {
      assertThat(counts.getOrDefault(r, 0)).as(r.requestName).isEqualTo(r.weightPct);
    }
  }

  @Test
  void theOrderIsTheSameOnEveryRunAndNotGroupedByRoute() {
    assertThat(DashboardReads.cycle()).containsExactly(DashboardReads.cycle());
    Route[] sorted = DashboardReads.cycle();
    Arrays.sort(sorted);
    assertThat(DashboardReads.cycle()).as("shuffled, so a short window still sees every route").isNotEqualTo(sorted);
  }
}
