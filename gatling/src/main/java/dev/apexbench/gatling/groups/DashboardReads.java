package dev.apexbench.gatling.groups;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;

import dev.apexbench.gatling.LoadContext;
import dev.apexbench.gatling.SessionKeys;
import dev.apexbench.gatling.Route;
import dev.apexbench.gatling.endpoints.ReadEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dashboard's read traffic: each virtual user takes one route, the next parameter set of that
 * route's feed, and sends one request inside the route's endpoint group.
 *
 * <p>The routes come from a fixed cycle of 100 slots, each route in as many slots as its weight
 * (percent), in an order shuffled once with a fixed seed; the n-th user of a simulation takes slot
 * n mod 100. So every 100 users hold exactly the weighted mix, and two runs of one schedule send
 * each route the same number of requests with the same parameters (its feed is read in order):
 * the work each endpoint costs the server is then the same on both, and only a change of the
 * system moves it. A random pick per user (Gatling's randomSwitch) made the per-route counts, and
 * with them the parameters drawn, differ from run to run.
 */
public final class DashboardReads {
  private DashboardReads() {}

  /** The session key holding the route a user takes. */
  static final String ROUTE = "apex_route";
  /** The seed of the cycle's order (any fixed value: what matters is that runs share it). */
  static final long CYCLE_SEED = 20261208L;

  public static ChainBuilder oneRequest(Map<String, List<Map<String, Object>>> feeds) {
    List<Choice.WithKey> choices = new ArrayList<>();
    for (Route r : Route.values()) {
      List<Map<String, Object>> records = feeds.get(r.requestName);
      if (records == null || records.isEmpty()) {
        throw new IllegalStateException("no feed for " + r.requestName);
      }
      choices.add(io.gatling.javaapi.core.CoreDsl.onCase(r.name()).then(feed(listFeeder(records).circular()).exec(group(r.group).on(ReadEndpoints.of(r)))));
    }
    Route[] cycle = cycle();
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    return exec(session -> session.set(SessionKeys.ARRIVED_AT, LoadContext.recorder().arrival())
            .set(ROUTE, cycle[(int) (next.getAndIncrement() % cycle.length)].name()))
        .exec(doSwitch("#{" + ROUTE + "}").on(choices));
  }

  /** The routes' slots: each route as many times as its weight, in a seeded shuffled order. */
  static Route[] cycle() {
    List<Route> slots = new ArrayList<>();
    for (Route r : Route.values()) {
      for (int i = 0; i < r.weightPct; i++) {
        slots.add(r);
      }
    }
    java.util.Collections.shuffle(slots, new java.util.Random(CYCLE_SEED));
    return slots.toArray(Route[]::new);
  }
}
