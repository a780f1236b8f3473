package dev.apexbench.gatling.endpoints;

import static dev.apexbench.gatling.SessionKeys.RESPONSE_TIME_MS;
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
 * failed request still has its time recorded; a request that got no response counts as a failure
 * without a time.
 */
public final class Recorded {
  private Recorded() {}

  public static ChainBuilder request(String name, String group, HttpRequestActionBuilder request, Integer... expected) {
    return exec(request.check(responseTimeInMillis().saveAs(RESPONSE_TIME_MS), status().saveAs(STATUS), status().in(expected)))
        .exec(session -> {
          Long rt = session.contains(RESPONSE_TIME_MS) ? session.getLong(RESPONSE_TIME_MS) : null;
          Integer status = session.contains(STATUS) ? session.getInt(STATUS) : null;
          boolean ok = status != null && Arrays.asList(expected).contains(status);
          LoadContext.recorder().record(name, group, rt, status, !ok);
          return session.removeAll(RESPONSE_TIME_MS, STATUS);
        });
  }
}
