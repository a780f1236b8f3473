package dev.apexbench.db.catalog;

import static dev.apexbench.db.catalog.Samplers.fromProjects;

import dev.apexbench.db.SchemaVariant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The benchmarked queries: what the apex dashboard and API send, one named entry each, grouped
 * by the report's classes (simple &lt; 10 ms, composite &lt; 50 ms, aggregation &lt; 100 ms,
 * jsonb &lt; 50 ms). Every index of the report is some query's intended index.
 *
 * <p>The report's schema has no index that can serve JSONB predicates: those entries say so
 * (their plans are sequential scans, and the report shows it); {@code --schema-variant
 * report+gin} adds the GIN index the report proposes as its next step. {@code jsonb_path_ops}
 * serves {@code @>} but neither key existence ({@code ?}) nor ranges on extracted values.
 */
public final class QueryCatalog {
  private QueryCatalog() {}

  private static final Intended NO_JSONB_INDEX =
      new Intended.None(
          "the report's schema has no index on payload JSONB: a sequential scan is expected (schema variant report+gin adds one)");

  /** The index in every variant but report-indexes, which drops the report's seven. */
  private static Function<SchemaVariant, Intended> reportIndex(String name) {
    return v ->
        v == SchemaVariant.REPORT_NO_INDEXES
            ? new Intended.None("schema variant report-indexes drops " + name)
            : new Intended.Index(name);
  }

  private static OffsetDateTime ts(java.sql.ResultSet rs, int col) throws java.sql.SQLException {
    return rs.getObject(col, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
  }

  public static final List<CatalogQuery> ALL =
      List.of(
          // ---- simple filters (< 10 ms) ----
          new CatalogQuery(
              "simple.project_by_id",
              QueryClass.SIMPLE,
              "A project with its envelope columns, by primary key (GET /projects/{id})",
              "SELECT project_id, account_id, name, status, created_at, updated_at, etag, constants_version,"
                  + " content_sha256, confidence FROM projects WHERE project_id = ?",
              v -> new Intended.Index("projects_pkey"),
              fromProjects(
                  "SELECT project_id FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getLong(1)})),
          new CatalogQuery(
              "simple.status_recent",
              QueryClass.SIMPLE,
              "Dashboard list: the 50 newest projects in a status",
              "SELECT project_id, account_id, name, status, created_at, confidence FROM projects"
                  + " WHERE status = ? ORDER BY created_at DESC LIMIT 50",
              reportIndex("ix_projects_status_created"),
              fromProjects(
                  "SELECT project_id, status FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getString(2)})),
          new CatalogQuery(
              "simple.by_content_sha",
              QueryClass.SIMPLE,
              "Deterministic caching: find projects whose payload has this SHA-256",
              "SELECT project_id, account_id, status, confidence, constants_version, etag FROM projects"
                  + " WHERE content_sha256 = ?",
              reportIndex("ix_projects_content_sha"),
              fromProjects(
                  "SELECT project_id, content_sha256 FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getString(2)})),
          new CatalogQuery(
              "simple.by_etag",
              QueryClass.SIMPLE,
              "Optimistic locking: the project holding this etag",
              "SELECT project_id, status, updated_at, content_sha256 FROM projects WHERE etag = ?",
              reportIndex("ix_projects_etag"),
              fromProjects(
                  "SELECT project_id, etag FROM projects WHERE project_id = ANY(?) AND etag IS NOT NULL",
                  (rs, r) -> new Object[] {rs.getString(2)})),
          new CatalogQuery(
              "simple.payloads_for_module",
              QueryClass.SIMPLE,
              "Module filtering: a project's payloads for one module",
              "SELECT payload_id, module, inputs, results, created_at FROM project_payloads"
                  + " WHERE project_id = ? AND module = ?",
              reportIndex("ix_payloads_project_module"),
              fromProjects(
                  "SELECT project_id, module FROM project_payloads WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getLong(1), rs.getString(2)})),

          // ---- composite (< 50 ms) ----
          new CatalogQuery(
              "composite.tenant_status_range",
              QueryClass.COMPOSITE,
              "Multi-tenant list: one account's projects in a status within a 90-day window",
              "SELECT project_id, name, status, created_at, updated_at, confidence FROM projects"
                  + " WHERE account_id = ? AND status = ? AND created_at >= ? AND created_at < ?"
                  + " ORDER BY created_at DESC LIMIT 100",
              reportIndex("ix_projects_account_status_created"),
              fromProjects(
                  "SELECT project_id, account_id, status, created_at FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> {
                    OffsetDateTime at = ts(rs, 4);
                    return new Object[] {
                      rs.getLong(2), rs.getString(3), at.minusDays(45).truncatedTo(ChronoUnit.DAYS),
                      at.plusDays(45).truncatedTo(ChronoUnit.DAYS)
                    };
                  })),
          new CatalogQuery(
              "composite.active_dashboard",
              QueryClass.COMPOSITE,
              "Hot path: a tenant's non-draft projects, most recently updated first (partial index)",
              "SELECT project_id, name, status, updated_at, confidence, constants_version FROM projects"
                  + " WHERE account_id = ? AND status <> 'draft' ORDER BY updated_at DESC LIMIT 50",
              reportIndex("ix_projects_active_status"),
              fromProjects(
                  "SELECT project_id, account_id FROM projects WHERE project_id = ANY(?) AND status <> 'draft'",
                  (rs, r) -> new Object[] {rs.getLong(2)})),
          new CatalogQuery(
              "composite.project_timeline",
              QueryClass.COMPOSITE,
              "Audit view: a project's latest events joined with its header and payload module",
              "SELECT e.event_id, e.event_type, e.occurred_at, e.actor, e.details, p.name, p.status, l.module"
                  + " FROM projects p JOIN project_events e ON e.project_id = p.project_id"
                  + " LEFT JOIN project_payloads l ON l.project_id = p.project_id"
                  + " WHERE p.project_id = ? ORDER BY e.occurred_at DESC LIMIT 50",
              reportIndex("ix_events_project_timestamp"),
              fromProjects(
                  "SELECT project_id FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getLong(1)})),

          // ---- aggregation (< 100 ms) ----
          new CatalogQuery(
              "aggregation.tenant_status_live",
              QueryClass.AGGREGATION,
              "Per-status counts and mean confidence for one tenant, computed live",
              "SELECT status, count(*) AS projects, avg(confidence) AS avg_confidence FROM projects"
                  + " WHERE account_id = ? GROUP BY status ORDER BY status",
              reportIndex("ix_projects_account_status_created"),
              fromProjects(
                  "SELECT project_id, account_id FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getLong(2)})),
          new CatalogQuery(
              "aggregation.tenant_status_view",
              QueryClass.AGGREGATION,
              "The same per-status figures from the materialized view project_stats",
              "SELECT status, project_count, avg_confidence FROM project_stats WHERE account_id = ? ORDER BY status",
              v -> new Intended.Relation("project_stats", "materialized view", "ux_project_stats_account_status"),
              fromProjects(
                  "SELECT project_id, account_id FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {rs.getLong(2)})),
          new CatalogQuery(
              "aggregation.tenant_events_per_day",
              QueryClass.AGGREGATION,
              "Activity histogram: one tenant's events per day over 30 days",
              "SELECT date_trunc('day', e.occurred_at) AS day, count(*) AS events"
                  + " FROM projects p JOIN project_events e ON e.project_id = p.project_id"
                  + " WHERE p.account_id = ? AND e.occurred_at >= ? AND e.occurred_at < ?"
                  + " GROUP BY 1 ORDER BY 1",
              reportIndex("ix_events_project_timestamp"),
              fromProjects(
                  "SELECT project_id, account_id, created_at FROM projects WHERE project_id = ANY(?)",
                  (rs, r) -> {
                    OffsetDateTime from = ts(rs, 3).truncatedTo(ChronoUnit.DAYS).minusDays(15);
                    return new Object[] {rs.getLong(2), from, from.plusDays(30)};
                  })),

          // ---- JSONB (< 50 ms) ----
          new CatalogQuery(
              "jsonb.inputs_contains",
              QueryClass.JSONB,
              "Containment (@>): payloads per module for a region and occupancy",
              "SELECT module, count(*) AS payloads FROM project_payloads WHERE inputs @> ?::jsonb"
                  + " GROUP BY module ORDER BY module",
              v ->
                  v == SchemaVariant.REPORT_GIN
                      ? new Intended.Index("ix_payloads_inputs_gin")
                      : v == SchemaVariant.REPORT_JSONB ? new Intended.Index("ix_payloads_inputs_gin_ops") : NO_JSONB_INDEX,
              fromProjects(
                  "SELECT project_id, inputs->>'region', inputs #>> '{site,occupancy}' FROM project_payloads"
                      + " WHERE project_id = ANY(?)",
                  (rs, r) ->
                      new Object[] {
                        "{\"region\":\"" + rs.getString(2) + "\",\"site\":{\"occupancy\":\"" + rs.getString(3) + "\"}}"
                      })),
          new CatalogQuery(
              "jsonb.path_range",
              QueryClass.JSONB,
              "Path extraction with a range: payloads per module and mean markup for a building size band",
              "SELECT module, count(*) AS payloads, avg((inputs #>> '{params,markup_pct}')::numeric) AS avg_markup"
                  + " FROM project_payloads WHERE (inputs #>> '{site,gross_sqft}')::int BETWEEN ? AND ?"
                  + " GROUP BY module ORDER BY module",
              v ->
                  v == SchemaVariant.REPORT_JSONB
                      ? new Intended.Index("ix_payloads_gross_sqft")
                      : new Intended.None(
                          "no index serves a range over an extracted JSONB value (neither the report's schema nor GIN jsonb_path_ops;"
                              + " schema variant report+jsonb adds an expression index)"),
              fromProjects(
                  "SELECT project_id, (inputs #>> '{site,gross_sqft}')::int FROM project_payloads WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {Math.max(0, rs.getInt(2) - 5000), rs.getInt(2) + 5000})),
          new CatalogQuery(
              "jsonb.key_exists",
              QueryClass.JSONB,
              "Key existence (?): rush jobs per module",
              "SELECT module, count(*) AS payloads FROM project_payloads WHERE inputs ?? ? GROUP BY module ORDER BY module",
              v ->
                  v == SchemaVariant.REPORT_JSONB
                      ? new Intended.Index("ix_payloads_inputs_gin_ops")
                      : new Intended.None(
                          "no index serves key existence: the report's schema has none and GIN jsonb_path_ops does not support ?"
                              + " (schema variant report+jsonb adds GIN jsonb_ops)"),
              fromProjects(
                  "SELECT project_id FROM project_payloads WHERE project_id = ANY(?)",
                  (rs, r) -> new Object[] {"rush"})));

  /** The {@code SELECT 1} baseline: the harness's own cost per call through the same path. */
  public static final CatalogQuery BASELINE =
      new CatalogQuery(
          "baseline",
          null,
          "SELECT 1 through the same connection and prepared-statement path",
          "SELECT 1",
          v -> new Intended.None("baseline"),
          (c, r, n) -> java.util.Collections.nCopies(n, new Object[0]));

  public static Optional<CatalogQuery> find(String name) {
    if (BASELINE.name().equals(name)) {
      return Optional.of(BASELINE);
    }
    return ALL.stream().filter(q -> q.name().equals(name)).findFirst();
  }

  public static CatalogQuery get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no catalog query named " + name));
  }

  /**
   * Entries whose names match a glob ({@code *} any characters, {@code ?} one; comma-separated
   * alternatives, e.g. {@code simple.*,jsonb.key_exists}). An empty match is a usage error.
   */
  public static List<CatalogQuery> select(String globs) {
    if (globs == null || globs.isBlank()) {
      return ALL;
    }
    List<String> parts = java.util.Arrays.stream(globs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    List<Pattern> patterns = parts.stream().map(QueryCatalog::globToRegex).toList();
    List<CatalogQuery> out = ALL.stream().filter(q -> patterns.stream().anyMatch(p -> p.matcher(q.name()).matches())).toList();
    if (out.isEmpty()) {
      throw dev.apexbench.db.BenchException.usage(
          "--queries: '" + globs + "' matches no catalog query (allowed: globs over " + names() + ")");
    }
    for (int i = 0; i < parts.size(); i++) {
      Pattern p = patterns.get(i);
      if (ALL.stream().noneMatch(q -> p.matcher(q.name()).matches())) {
        throw dev.apexbench.db.BenchException.usage("--queries: '" + parts.get(i) + "' in '" + globs
            + "' matches no catalog query (allowed: globs over " + names() + ")");
      }
    }
    return out;
  }

  public static String names() {
    return ALL.stream().map(CatalogQuery::name).collect(Collectors.joining(", "));
  }

  static Pattern globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      switch (ch) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
