package dev.apexbench.gatling.groups;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;

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
 * A dashboard's read traffic: each virtual user picks one route by its weight, takes the next
 * parameter set of that route's feed, and sends one request inside the route's endpoint group.
 */
public final class DashboardReads {
  private DashboardReads() {}

  public static ChainBuilder oneRequest(Map<String, List<Map<String, Object>>> feeds) {
    List<Choice.WithWeight> choices = new ArrayList<>();
    for (Route r : Route.values()) {
      List<Map<String, Object>> records = feeds.get(r.requestName);
      if (records == null || records.isEmpty()) {
        throw new IllegalStateException("no feed for " + r.requestName);
      }
      choices.add(new Choice.WithWeight(r.weightPct, feed(listFeeder(records).circular()).exec(group(r.group).on(ReadEndpoints.of(r)))));
    }
    return exec(session -> session.set(SessionKeys.ARRIVED_AT, LoadContext.recorder().arrival()))
        .exec(randomSwitch().on(choices));
  }
}
