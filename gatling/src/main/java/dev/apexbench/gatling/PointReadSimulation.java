package dev.apexbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.apexbench.gatling.endpoints.Recorded;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The point-read ceiling: a closed model ({@code plan.concurrency()} users in flight, each sending
 * one {@code GET /projects/{id}/header} and replaced as soon as it ends), so the api's throughput
 * for the simplest read, the catalog's {@code simple.project_by_id} and nothing else, is measured
 * against the database's own rate for the same SQL at the same concurrency. A closed model is the
 * right one for a ceiling: it keeps the concurrency fixed and lets throughput find its level, where
 * an open model would need the answer to choose its rate.
 *
 * <p>The users share kept-alive connections, as a service's clients behind a connection pool would.
 *
 * <p>Run: {@code ./bench load --simulation point [--connections 8]}.
 */
public class PointReadSimulation extends RecordedSimulation {
  /** The request name, as results and Gatling's report show it. */
  public static final String REQUEST = "GET /projects/{id}/header";

  public static final String GROUP = "point";

  {
    LoadPlan plan = LoadContext.plan();
    List<Map<String, Object>> ids = plan.feeds().get(REQUEST);
    setUp(scenario("point read")
            .exec(session -> session.set(SessionKeys.ARRIVED_AT, LoadContext.recorder().arrival()))
            .feed(listFeeder(ids).circular())
            .exec(Recorded.request(REQUEST, GROUP, http(REQUEST).get("/projects/#{id}/header"), 200))
            .injectClosed(constantConcurrentUsers(plan.concurrency()).during(plan.duration())))
        // the users share kept-alive connections: a ceiling of requests, not of TCP handshakes (Gatling
        // otherwise opens a connection per virtual user, and a closed model starts a user per request)
        .protocols(Protocol.of(plan).shareConnections())
        .assertions(Protocol.assertions(plan, Set.of(GROUP)));
  }
}
