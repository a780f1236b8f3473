package dev.apexbench.api;

import static dev.apexbench.db.catalog.QueryCatalog.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.db.catalog.CatalogQuery;
import io.undertow.server.HttpServerExchange;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The read endpoints: each answers with the catalog's queries, nothing else. */
final class ReadRoutes {
  static final CatalogQuery STATUS_RECENT = get("simple.status_recent");
  static final CatalogQuery BY_ID = get("simple.project_by_id");
  static final CatalogQuery BY_SHA = get("simple.by_content_sha");
  static final CatalogQuery BY_ETAG = get("simple.by_etag");
  static final CatalogQuery PAYLOADS = get("simple.payloads_for_module");
  static final CatalogQuery TENANT_RANGE = get("composite.tenant_status_range");
  static final CatalogQuery DASHBOARD = get("composite.active_dashboard");
  static final CatalogQuery TIMELINE = get("composite.project_timeline");
  static final CatalogQuery STATS_LIVE = get("aggregation.tenant_status_live");
  static final CatalogQuery STATS_VIEW = get("aggregation.tenant_status_view");
  static final CatalogQuery ACTIVITY = get("aggregation.tenant_events_per_day");
  static final CatalogQuery CONTAINS = get("jsonb.inputs_contains");
  static final CatalogQuery SIZE_RANGE = get("jsonb.path_range");
  static final CatalogQuery KEY_EXISTS = get("jsonb.key_exists");

  private final Database db;

  ReadRoutes(Database db) {
    this.db = db;
  }

  private ArrayNode list(List<ObjectNode> rows) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    rows.forEach(a::add);
    return a;
  }

  /**
   * GET /dataset: what this deployment serves (scale, seed, schema variant, fingerprint, counts),
   * so a load generator can derive its request parameters from the deterministic dataset without a
   * database connection. 404 when the schema holds no complete dataset.
   */
  Endpoint.Answer dataset(HttpServerExchange ex) throws Exception {
    try (Connection c = db.connection()) {
      dev.apexbench.db.DatasetInfo i = dev.apexbench.db.DatasetInfo.read(c)
          .orElseThrow(() -> ApiException.notFound("no dataset: the schema was not seeded (run bench seed)"));
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("scale", i.scale().stripTrailingZeros().toPlainString());
      n.put("seed", i.seed());
      n.put("schema_variant", i.schemaVariant());
      n.put("schema_version", i.schemaVersion());
      n.put("generator_version", i.generatorVersion());
      n.put("fingerprint", i.fingerprint());
      n.put("projects", i.projects());
      n.put("payloads", i.payloads());
      n.put("events", i.events());
      return Endpoint.Answer.ok(n);
    } catch (java.sql.SQLException e) {
      throw Database.translate(e);
    }
  }

  /** GET /projects?status=&limit= */
  Endpoint.Answer projectsByStatus(HttpServerExchange ex) throws Exception {
    Params p = new Params(ex);
    String status = p.status("status");
    int limit = p.intInRange("limit", 50, 1, 50);
    try (Connection c = db.connection()) {
      return Endpoint.Answer.ok(Envelope.of(list(db.query(c, STATUS_RECENT, limit, status)), null, List.of(STATUS_RECENT.name()), null));
    }
  }

  /** GET /projects/by-sha/{sha}: the deterministic caching lookup. */
  Endpoint.Answer bySha(HttpServerExchange ex) throws Exception {
    String sha = new Params(ex).sha256("sha");
    try (Connection c = db.connection()) {
      List<ObjectNode> rows = db.query(c, BY_SHA, 0, sha);
      if (rows.isEmpty()) {
        throw ApiException.notFound("no project with content_sha256 " + sha);
      }
      return Endpoint.Answer.ok(Envelope.of(list(rows), rows.get(0).get("confidence"), List.of(BY_SHA.name()), rows.get(0)));
    }
  }

  /** GET /projects/by-etag/{etag} */
  Endpoint.Answer byEtag(HttpServerExchange ex) throws Exception {
    String etag = new Params(ex).etag("etag");
    try (Connection c = db.connection()) {
      List<ObjectNode> rows = db.query(c, BY_ETAG, 0, etag);
      if (rows.isEmpty()) {
        throw ApiException.notFound("no project with etag " + etag);
      }
      return new Endpoint.Answer(200, etag, Envelope.of(rows.get(0), null, List.of(BY_ETAG.name()), rows.get(0)));
    }
  }

  /** GET /projects/{id}: the project with its payloads and its latest events. */
  Endpoint.Answer project(HttpServerExchange ex) throws Exception {
    long id = new Params(ex).id("id");
    try (Connection c = db.connection()) {
      ObjectNode project = projectById(c, id);
      List<ObjectNode> events = db.query(c, TIMELINE, 0, id);
      Set<String> modules = new LinkedHashSet<>();
      for (ObjectNode e : events) {
        if (!e.path("module").isNull()) {
          modules.add(e.get("module").asText());
        }
      }
      List<ObjectNode> payloads = new ArrayList<>();
      for (String m : modules) {
        payloads.addAll(db.query(c, PAYLOADS, 0, id, m));
      }
      ObjectNode result = Json.MAPPER.createObjectNode();
      result.set("project", project);
      result.set("payloads", list(payloads));
      ArrayNode ev = result.putArray("events");
      for (ObjectNode e : events) {
        ev.add(e.without(List.of("name", "status", "module")));
      }
      List<String> used = new ArrayList<>(List.of(BY_ID.name(), TIMELINE.name()));
      if (!modules.isEmpty()) {
        used.add(PAYLOADS.name());
      }
      return new Endpoint.Answer(200, etagOf(project), Envelope.of(result, project.get("confidence"), used, project));
    }
  }

  /**
   * GET /projects/{id}/header: the project's header and envelope columns, answered by the catalog's
   * {@code simple.project_by_id} alone: the point read whose throughput is compared with the
   * database's own for the same SQL ({@code bench load --simulation point}).
   */
  Endpoint.Answer header(HttpServerExchange ex) throws Exception {
    long id = new Params(ex).id("id");
    try (Connection c = db.connection()) {
      ObjectNode project = projectById(c, id);
      return new Endpoint.Answer(200, etagOf(project), Envelope.of(project, project.get("confidence"), List.of(BY_ID.name()), project));
    }
  }

  /** The project by id ({@code simple.project_by_id}), or 404. */
  private ObjectNode projectById(Connection c, long id) {
    List<ObjectNode> found = db.query(c, BY_ID, 0, id);
    if (found.isEmpty()) {
      throw ApiException.notFound("project " + id);
    }
    return found.get(0);
  }

  private static String etagOf(ObjectNode project) {
    return project.path("etag").isNull() ? null : project.get("etag").asText();
  }

  /** GET /projects/{id}/payloads?module= */
  Endpoint.Answer payloads(HttpServerExchange ex) throws Exception {
    Params p = new Params(ex);
    long id = p.id("id");
    String module = p.module("module");
    try (Connection c = db.connection()) {
      return Endpoint.Answer.ok(Envelope.of(list(db.query(c, PAYLOADS, 0, id, module)), null, List.of(PAYLOADS.name()), null));
    }
  }

  /** GET /accounts/{id}/projects?status=&from=&to= */
  Endpoint.Answer tenantProjects(HttpServerExchange ex) throws Exception {
    Params p = new Params(ex);
    long account = p.id("id");
    String status = p.status("status");
    OffsetDateTime from = p.time("from");
    OffsetDateTime to = p.time("to");
    window(from, to, Duration.ofDays(366));
    try (Connection c = db.connection()) {
      return Endpoint.Answer.ok(Envelope.of(list(db.query(c, TENANT_RANGE, 0, account, status, from, to)), null, List.of(TENANT_RANGE.name()), null));
    }
  }

  /** GET /accounts/{id}/dashboard: the tenant's non-draft projects, most recently updated first. */
  Endpoint.Answer dashboard(HttpServerExchange ex) throws Exception {
    long account = new Params(ex).id("id");
    try (Connection c = db.connection()) {
      return Endpoint.Answer.ok(Envelope.of(list(db.query(c, DASHBOARD, 0, account)), null, List.of(DASHBOARD.name()), null));
    }
  }

  /** GET /accounts/{id}/stats?source=live|view */
  Endpoint.Answer stats(HttpServerExchange ex) throws Exception {
    Params p = new Params(ex);
    long account = p.id("id");
    String source = p.raw("source") == null ? "view" : p.raw("source");
    CatalogQuery q = switch (source) {
      case "live" -> STATS_LIVE;
      case "view" -> STATS_VIEW;
      default -> throw ApiException.badParameter("source", source, "live, view");
    };
    try (Connection c = db.connection()) {
      List<ObjectNode> rows = db.query(c, q, 0, account);
      double weighted = 0;
      long n = 0;
      for (ObjectNode r : rows) {
        JsonNode count = r.has("projects") ? r.get("projects") : r.get("project_count");
        if (!r.path("avg_confidence").isNull()) {
          weighted += r.get("avg_confidence").asDouble() * count.asLong();
          n += count.asLong();
        }
      }
      JsonNode confidence = n == 0 ? null : Json.MAPPER.getNodeFactory().numberNode(weighted / n);
      return Endpoint.Answer.ok(Envelope.of(list(rows), confidence, List.of(q.name()), null));
    }
  }

  /** GET /accounts/{id}/activity?from=&to=: events per day, at most 31 days. */
  Endpoint.Answer activity(HttpServerExchange ex) throws Exception {
    Params p = new Params(ex);
    long account = p.id("id");
    OffsetDateTime from = p.time("from");
    OffsetDateTime to = p.time("to");
    window(from, to, Duration.ofDays(31));
    try (Connection c = db.connection()) {
      return Endpoint.Answer.ok(Envelope.of(list(db.query(c, ACTIVITY, 0, account, from, to)), null, List.of(ACTIVITY.name()), null));
    }
  }

  /**
   * GET /payloads/search with exactly one of: {@code region} and {@code occupancy} (containment),
   * {@code min_sqft} and {@code max_sqft} (range over an extracted value), {@code has_key}.
   */
  Endpoint.Answer search(HttpServerExchange ex) throws Exception {
    Params p = new Params(ex);
    boolean contains = p.raw("region") != null || p.raw("occupancy") != null;
    boolean range = p.raw("min_sqft") != null || p.raw("max_sqft") != null;
    boolean key = p.raw("has_key") != null;
    int modes = (contains ? 1 : 0) + (range ? 1 : 0) + (key ? 1 : 0);
    if (modes != 1) {
      throw ApiException.badParameter(
          "query", String.join("&", p.queryNames()), "exactly one of: region+occupancy, min_sqft+max_sqft, has_key");
    }
    CatalogQuery q;
    Object[] params;
    if (contains) {
      ObjectNode probe = Json.MAPPER.createObjectNode();
      probe.put("region", p.required("region", "a region such as us-west"));
      probe.putObject("site").put("occupancy", p.required("occupancy", "an occupancy such as office"));
      q = CONTAINS;
      params = new Object[] {probe.toString()};
    } else if (range) {
      int min = p.requiredInt("min_sqft", 0, 10_000_000);
      int max = p.requiredInt("max_sqft", 0, 10_000_000);
      if (max < min) {
        throw ApiException.badParameter("max_sqft", Integer.toString(max), "a value >= min_sqft");
      }
      q = SIZE_RANGE;
      params = new Object[] {min, max};
    } else {
      q = KEY_EXISTS;
      params = new Object[] {p.key("has_key")};
    }
    try (Connection c = db.connection()) {
      return Endpoint.Answer.ok(Envelope.of(list(db.query(c, q, 0, params)), null, List.of(q.name()), null));
    }
  }

  private static void window(OffsetDateTime from, OffsetDateTime to, Duration max) {
    if (!to.isAfter(from)) {
      throw ApiException.badParameter("to", to.toString(), "a time after 'from'");
    }
    if (Duration.between(from, to).compareTo(max) > 0) {
      throw ApiException.badParameter("to", to.toString(), "at most " + max.toDays() + " days after 'from'");
    }
  }
}
