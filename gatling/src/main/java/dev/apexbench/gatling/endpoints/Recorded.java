package dev.apexbench.gatling.endpoints;

import static dev.apexbench.gatling.SessionKeys.ARRIVED_AT;
import static dev.apexbench.gatling.SessionKeys.RESPONSE_TIME_MS;
import static dev.apexbench.gatling.SessionKeys.SENT_AT;
import static dev.apexbench.gatling.SessionKeys.STATUS;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.apexbench.gatling.LoadContext;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Arrays;

/**
 * One request with its checks, recorded by the harness's own recorder. The response time and
 * status are saved first (those checks cannot fail), then the expected statuses are checked, so a
 * failed request still has its time recorded. A request that got no response (timeout, reset) has
 * no response time from Gatling: it is timed from just before it was sent until it failed, so the
 * "all requests" latency does not leave out the slowest failures.
 */
public final class Recorded {
  private Recorded() {}

  public static ChainBuilder request(String name, String group, HttpRequestActionBuilder request, Integer... expected) {
    return exec(session -> session.set(SENT_AT, System.nanoTime()))
        .exec(request.check(responseTimeInMillis().saveAs(RESPONSE_TIME_MS), status().saveAs(STATUS), status().in(expected)))
        .exec(session -> {
          Integer status = session.contains(STATUS) ? session.getInt(STATUS) : null;
          Long rt = session.contains(RESPONSE_TIME_MS) ? Long.valueOf(session.getLong(RESPONSE_TIME_MS))
              : Math.round((System.nanoTime() - session.getLong(SENT_AT)) / 1e6);
          boolean ok = status != null && Arrays.asList(expected).contains(status);
          long arrived = session.contains(ARRIVED_AT) ? session.getLong(ARRIVED_AT) : 0;
          LoadContext.recorder().record(name, group, arrived, rt, status, !ok);
          return session.removeAll(RESPONSE_TIME_MS, STATUS, SENT_AT);
        });
  }
}
