package dev.apexbench.gatling.endpoints;

import static dev.apexbench.gatling.SessionKeys.ARRIVED_AT;
import static dev.apexbench.gatling.SessionKeys.RESPONSE_TIME_MS;
import static dev.apexbench.gatling.SessionKeys.SENT_AT;
import static dev.apexbench.gatling.SessionKeys.SERVER_TIMING;
import static dev.apexbench.gatling.SessionKeys.STATUS;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
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
 *
 * <p>The api's {@code Server-Timing} header is saved with the same response (no extra round trip;
 * a response without it is not a failure), and the client's own time is measured from just before
 * the request was sent to the step after its checks, in ns: with the header, the recorder splits
 * the request's time into the server's phases and the network and client's share.
 */
public final class Recorded {
  private Recorded() {}

  /**
   * The request's name, sent with it: the api counts the statements each request runs under this
   * name, so the server's work over the load window can be divided among the endpoints.
   */
  public static final String WORK_HEADER = "X-Apex-Request";

  public static ChainBuilder request(String name, String group, HttpRequestActionBuilder request, Integer... expected) {
    return exec(session -> session.set(SENT_AT, System.nanoTime()))
        .exec(request.header(WORK_HEADER, name).check(responseTimeInMillis().saveAs(RESPONSE_TIME_MS), status().saveAs(STATUS),
            header("Server-Timing").optional().saveAs(SERVER_TIMING), status().in(expected)))
        .exec(session -> {
          long clientNanos = System.nanoTime() - session.getLong(SENT_AT);
          Integer status = session.contains(STATUS) ? session.getInt(STATUS) : null;
          Long rt = session.contains(RESPONSE_TIME_MS) ? Long.valueOf(session.getLong(RESPONSE_TIME_MS))
              : Math.round(clientNanos / 1e6);
          boolean ok = status != null && Arrays.asList(expected).contains(status);
          long arrived = session.contains(ARRIVED_AT) ? session.getLong(ARRIVED_AT) : 0;
          String timing = session.contains(SERVER_TIMING) ? session.getString(SERVER_TIMING) : null;
          LoadContext.recorder().record(name, group, arrived, rt, status, !ok, timing, clientNanos);
          return session.removeAll(RESPONSE_TIME_MS, STATUS, SENT_AT, SERVER_TIMING);
        });
  }
}
