package dev.apexbench.gatling;

import static dev.apexbench.gatling.SessionKeys.*;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read endpoints the load drives, keyed by name: request name (as Gatling and the results
 * show it), endpoint group (what the load targets are written for), dashboard traffic weight
 * (percent of read requests), the catalog query whose sampler feeds it, and how a sampled
 * parameter set becomes session attributes.
 */
public enum Route {
  PROJECTS_BY_STATUS("GET /projects?status", "simple", 15, "simple.status_recent", p -> Map.of(STATUS_PARAM, p[0])),
  PROJECT_DETAIL("GET /projects/{id}", "composite", 15, "simple.project_by_id", p -> Map.of(ID, p[0])),
  PROJECT_BY_SHA("GET /projects/by-sha/{sha}", "simple", 10, "simple.by_content_sha", p -> Map.of(SHA, p[0])),
  PROJECT_BY_ETAG("GET /projects/by-etag/{etag}", "simple", 5, "simple.by_etag", p -> Map.of(ETAG, p[0])),
  PROJECT_PAYLOADS("GET /projects/{id}/payloads?module", "simple", 5, "simple.payloads_for_module", p -> Map.of(ID, p[0], MODULE, p[1])),
  TENANT_PROJECTS("GET /accounts/{id}/projects?status&from&to", "composite", 10, "composite.tenant_status_range",
      p -> Map.of(ACCOUNT, p[0], STATUS_PARAM, p[1], FROM, iso(p[2]), TO, iso(p[3]))),
  TENANT_DASHBOARD("GET /accounts/{id}/dashboard", "composite", 15, "composite.active_dashboard", p -> Map.of(ACCOUNT, p[0])),
  TENANT_STATS_VIEW("GET /accounts/{id}/stats", "aggregation", 10, "aggregation.tenant_status_view", p -> Map.of(ACCOUNT, p[0])),
  TENANT_STATS_LIVE("GET /accounts/{id}/stats?source=live", "aggregation", 3, "aggregation.tenant_status_live", p -> Map.of(ACCOUNT, p[0])),
  TENANT_ACTIVITY("GET /accounts/{id}/activity?from&to", "aggregation", 5, "aggregation.tenant_events_per_day",
      p -> Map.of(ACCOUNT, p[0], FROM, iso(p[1]), TO, iso(p[2]))),
  SEARCH_CONTAINS("GET /payloads/search?region&occupancy", "jsonb", 3, "jsonb.inputs_contains", Route::containsProbe),
  SEARCH_SIZE("GET /payloads/search?min_sqft&max_sqft", "jsonb", 2, "jsonb.path_range", p -> Map.of(MIN_SQFT, p[0], MAX_SQFT, p[1])),
  SEARCH_KEY("GET /payloads/search?has_key", "jsonb", 2, "jsonb.key_exists", p -> Map.of(KEY, p[0]));

  public final String requestName;
  public final String group;
  public final int weightPct;
  public final String catalogQuery;
  private final Function<Object[], Map<String, Object>> toSession;

  Route(String requestName, String group, int weightPct, String catalogQuery, Function<Object[], Map<String, Object>> toSession) {
    this.requestName = requestName;
    this.group = group;
    this.weightPct = weightPct;
    this.catalogQuery = catalogQuery;
    this.toSession = toSession;
  }

  public CatalogQuery query() {
    return QueryCatalog.get(catalogQuery);
  }

  public Map<String, Object> sessionValues(Object[] params) {
    return new LinkedHashMap<>(toSession.apply(params));
  }

  public static Optional<Route> byRequestName(String name) {
    return Arrays.stream(values()).filter(r -> r.requestName.equals(name)).findFirst();
  }

  private static String iso(Object t) {
    return ((OffsetDateTime) t).toInstant().toString();
  }

  /** The containment probe is sampled as JSON; the endpoint takes its two fields. */
  private static Map<String, Object> containsProbe(Object[] p) {
    String json = (String) p[0];
    return Map.of(REGION, field(json, "region"), OCCUPANCY, field(json, "occupancy"));
  }

  private static String field(String json, String name) {
    int k = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return json.substring(k, json.indexOf('"', k));
  }
}
