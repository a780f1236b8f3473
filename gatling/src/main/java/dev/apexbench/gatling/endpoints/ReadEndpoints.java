package dev.apexbench.gatling.endpoints;

import static io.gatling.javaapi.http.HttpDsl.http;

import dev.apexbench.gatling.Route;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** One request per read route, its parameters taken from the session (filled by the feeds). */
public final class ReadEndpoints {
  private ReadEndpoints() {}

  public static ChainBuilder of(Route r) {
    HttpRequestActionBuilder req = switch (r) {
      case PROJECTS_BY_STATUS -> http(r.requestName).get("/projects").queryParam("status", "#{status}").queryParam("limit", "50");
      case PROJECT_DETAIL -> http(r.requestName).get("/projects/#{id}");
      case PROJECT_BY_SHA -> http(r.requestName).get("/projects/by-sha/#{sha}");
      case PROJECT_BY_ETAG -> http(r.requestName).get("/projects/by-etag/#{etag}");
      case PROJECT_PAYLOADS -> http(r.requestName).get("/projects/#{id}/payloads").queryParam("module", "#{module}");
      case TENANT_PROJECTS -> http(r.requestName).get("/accounts/#{account}/projects")
          .queryParam("status", "#{status}").queryParam("from", "#{from}").queryParam("to", "#{to}");
      case TENANT_DASHBOARD -> http(r.requestName).get("/accounts/#{account}/dashboard");
      case TENANT_STATS_VIEW -> http(r.requestName).get("/accounts/#{account}/stats");
      case TENANT_STATS_LIVE -> http(r.requestName).get("/accounts/#{account}/stats").queryParam("source", "live");
      case TENANT_ACTIVITY -> http(r.requestName).get("/accounts/#{account}/activity").queryParam("from", "#{from}").queryParam("to", "#{to}");
      case SEARCH_CONTAINS -> http(r.requestName).get("/payloads/search").queryParam("region", "#{region}").queryParam("occupancy", "#{occupancy}");
      case SEARCH_SIZE -> http(r.requestName).get("/payloads/search").queryParam("min_sqft", "#{minSqft}").queryParam("max_sqft", "#{maxSqft}");
      case SEARCH_KEY -> http(r.requestName).get("/payloads/search").queryParam("has_key", "#{key}");
    };
    return Recorded.request(r.requestName, r.group, req, 200);
  }
}
