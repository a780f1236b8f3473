package dev.apexbench.gatling;

import static dev.apexbench.gatling.SessionKeys.*;

import dev.apexbench.dataset.ProjectRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The read endpoints the load drives, keyed by name: request name (as Gatling and the results
 * show it), endpoint group (what the load targets are written for), dashboard traffic weight
 * (percent of read requests), the catalog query that answers it (see api/README.md), which seeded
 * projects can feed it, and how such a project becomes session attributes. The values are the
 * ones the catalog's samplers derive from the same rows, computed from the deterministic dataset
 * instead of read from the database.
 */
public enum Route {
  PROJECTS_BY_STATUS("GET /projects?status", "simple", 15, "simple.status_recent", p -> true, p -> Map.of(STATUS_PARAM, p.status())),
  PROJECT_DETAIL("GET /projects/{id}", "composite", 15, "simple.project_by_id", p -> true, p -> Map.of(ID, p.id())),
  PROJECT_BY_SHA("GET /projects/by-sha/{sha}", "simple", 10, "simple.by_content_sha", p -> true, p -> Map.of(SHA, p.contentSha256())),
  PROJECT_BY_ETAG("GET /projects/by-etag/{etag}", "simple", 5, "simple.by_etag", p -> p.etag() != null, p -> Map.of(ETAG, p.etag())),
  PROJECT_PAYLOADS("GET /projects/{id}/payloads?module", "simple", 5, "simple.payloads_for_module", p -> true,
      p -> Map.of(ID, p.id(), MODULE, p.module())),
  TENANT_PROJECTS("GET /accounts/{id}/projects?status&from&to", "composite", 10, "composite.tenant_status_range", p -> true,
      p -> Map.of(ACCOUNT, p.account(), STATUS_PARAM, p.status(), FROM, day(p.createdAt().minus(45, ChronoUnit.DAYS)),
          TO, day(p.createdAt().plus(45, ChronoUnit.DAYS)))),
  TENANT_DASHBOARD("GET /accounts/{id}/dashboard", "composite", 15, "composite.active_dashboard", p -> !p.status().equals("draft"),
      p -> Map.of(ACCOUNT, p.account())),
  TENANT_STATS_VIEW("GET /accounts/{id}/stats", "aggregation", 10, "aggregation.tenant_status_view", p -> true, p -> Map.of(ACCOUNT, p.account())),
  TENANT_STATS_LIVE("GET /accounts/{id}/stats?source=live", "aggregation", 3, "aggregation.tenant_status_live", p -> true,
      p -> Map.of(ACCOUNT, p.account())),
  TENANT_ACTIVITY("GET /accounts/{id}/activity?from&to", "aggregation", 5, "aggregation.tenant_events_per_day", p -> true,
      p -> {
        Instant from = p.createdAt().truncatedTo(ChronoUnit.DAYS).minus(15, ChronoUnit.DAYS);
        return Map.of(ACCOUNT, p.account(), FROM, from.toString(), TO, from.plus(30, ChronoUnit.DAYS).toString());
      }),
  SEARCH_CONTAINS("GET /payloads/search?region&occupancy", "jsonb", 3, "jsonb.inputs_contains", p -> true,
      p -> Map.of(REGION, Inputs.of(p).region(), OCCUPANCY, Inputs.of(p).occupancy())),
  SEARCH_SIZE("GET /payloads/search?min_sqft&max_sqft", "jsonb", 2, "jsonb.path_range", p -> true,
      p -> Map.of(MIN_SQFT, Math.max(0, Inputs.of(p).grossSqft() - 5000), MAX_SQFT, Inputs.of(p).grossSqft() + 5000)),
  SEARCH_KEY("GET /payloads/search?has_key", "jsonb", 2, "jsonb.key_exists", p -> true, p -> Map.of(KEY, "rush"));

  public final String requestName;
  public final String group;
  public final int weightPct;
  /** The catalog entry that answers this route (documentation; the load generator runs no SQL). */
  public final String catalogQuery;
  private final Predicate<ProjectRow> feeds;
  private final Function<ProjectRow, Map<String, Object>> toSession;

  Route(String requestName, String group, int weightPct, String catalogQuery, Predicate<ProjectRow> feeds,
      Function<ProjectRow, Map<String, Object>> toSession) {
    this.requestName = requestName;
    this.group = group;
    this.weightPct = weightPct;
    this.catalogQuery = catalogQuery;
    this.feeds = feeds;
    this.toSession = toSession;
  }

  /** Whether a seeded project can feed this route (an etag lookup needs a project with an etag). */
  public boolean canUse(ProjectRow p) {
    return feeds.test(p);
  }

  public Map<String, Object> sessionValues(ProjectRow p) {
    return new LinkedHashMap<>(toSession.apply(p));
  }

  public static Optional<Route> byRequestName(String name) {
    return Arrays.stream(values()).filter(r -> r.requestName.equals(name)).findFirst();
  }

  private static String day(Instant t) {
    return t.truncatedTo(ChronoUnit.DAYS).toString();
  }
}
