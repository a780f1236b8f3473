package dev.apexbench.gatling.groups;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;

import dev.apexbench.gatling.LoadContext;
import dev.apexbench.gatling.SessionKeys;
import dev.apexbench.gatling.WriteRoute;
import dev.apexbench.gatling.endpoints.WriteEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.List;
import java.util.Map;

/**
 * A write journey: create a project (in a load-test tenant, never a seeded one), update it with
 * its etag, try a deliberately stale update (412 expected), delete it. The seeded data is left as
 * it was, so later runs measure the same dataset.
 */
public final class ProjectWrites {
  private ProjectWrites() {}

  public static ChainBuilder journey(List<Map<String, Object>> writeFeed) {
    return exec(session -> session.set(SessionKeys.ARRIVED_AT, LoadContext.recorder().arrival()))
        .feed(listFeeder(writeFeed).circular())
        .exec(group(WriteRoute.GROUP).on(
            WriteEndpoints.create()
                .exitHereIfFailed()
                .exec(WriteEndpoints.update())
                .exitHereIfFailed()
                .exec(WriteEndpoints.staleUpdate())
                .exec(WriteEndpoints.delete())));
  }
}
