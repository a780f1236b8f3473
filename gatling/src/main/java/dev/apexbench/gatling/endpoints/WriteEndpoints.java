package dev.apexbench.gatling.endpoints;

import static dev.apexbench.gatling.SessionKeys.ETAG;
import static dev.apexbench.gatling.SessionKeys.NEW_ETAG;
import static dev.apexbench.gatling.SessionKeys.PROJECT_ID;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;

import dev.apexbench.gatling.WriteRoute;
import io.gatling.javaapi.core.ChainBuilder;

/** The write requests; each checks what the api contract promises. */
public final class WriteEndpoints {
  private WriteEndpoints() {}

  /** POST /projects: 201, the new id and its ETag saved. */
  public static ChainBuilder create() {
    return Recorded.request(
        WriteRoute.CREATE.requestName,
        WriteRoute.GROUP,
        http(WriteRoute.CREATE.requestName)
            .post("/projects")
            .header("Content-Type", "application/json")
            .body(StringBody("{\"account_id\":#{account},\"name\":\"#{name}\",\"module\":\"#{module}\",\"status\":\"draft\",\"inputs\":#{inputs}}"))
            .check(jsonPath("$.result.project_id").saveAs(PROJECT_ID), header("ETag").transform(WriteEndpoints::unquote).saveAs(ETAG)),
        201);
  }

  /** PUT with the current etag: 200 and a new etag. */
  public static ChainBuilder update() {
    return Recorded.request(
        WriteRoute.UPDATE.requestName,
        WriteRoute.GROUP,
        http(WriteRoute.UPDATE.requestName)
            .put("/projects/#{projectId}")
            .header("Content-Type", "application/json")
            .header("If-Match", "\"#{etag}\"")
            .body(StringBody("{\"status\":\"estimating\",\"confidence\":0.8}"))
            .check(header("ETag").transform(WriteEndpoints::unquote).saveAs(NEW_ETAG)),
        200);
  }

  /** PUT with the etag the previous update replaced: the contract says 412, so 412 is correct. */
  public static ChainBuilder staleUpdate() {
    return Recorded.request(
        WriteRoute.STALE_UPDATE.requestName,
        WriteRoute.GROUP,
        http(WriteRoute.STALE_UPDATE.requestName)
            .put("/projects/#{projectId}")
            .header("Content-Type", "application/json")
            .header("If-Match", "\"#{etag}\"")
            .body(StringBody("{\"status\":\"rejected\"}")),
        412);
  }

  /** DELETE with the current etag: 204 (payload and events go with it). */
  public static ChainBuilder delete() {
    return Recorded.request(
        WriteRoute.DELETE.requestName,
        WriteRoute.GROUP,
        http(WriteRoute.DELETE.requestName).delete("/projects/#{projectId}").header("If-Match", "\"#{newEtag}\""),
        204);
  }

  private static String unquote(String etag) {
    return etag.replace("\"", "");
  }
}
