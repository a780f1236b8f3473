package dev.apexbench.api;

import static dev.apexbench.db.catalog.WriteStatements.CURRENT_ETAG;
import static dev.apexbench.db.catalog.WriteStatements.DELETE_PROJECT;
import static dev.apexbench.db.catalog.WriteStatements.DELETE_PROJECT_IF_MATCH;
import static dev.apexbench.db.catalog.WriteStatements.INSERT_EVENT;
import static dev.apexbench.db.catalog.WriteStatements.INSERT_PAYLOAD;
import static dev.apexbench.db.catalog.WriteStatements.INSERT_PROJECT;
import static dev.apexbench.db.catalog.WriteStatements.UPDATE_PAYLOAD_INPUTS;
import static dev.apexbench.db.catalog.WriteStatements.UPDATE_PROJECT_ANY_VERSION;
import static dev.apexbench.db.catalog.WriteStatements.UPDATE_PROJECT_IF_MATCH;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;

/**
 * POST, PUT (with If-Match: optimistic locking, a stale etag is 412, never a lost update) and
 * DELETE of projects. Each write is one transaction: project, payload and event together.
 */
final class WriteRoutes {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;

  WriteRoutes(Database db) {
    this.db = db;
  }

  static String newEtag() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** POST /projects: {account_id, name, module, inputs, [status, results, constants_version, confidence]}. */
  Endpoint.Answer create(HttpServerExchange ex) throws Exception {
    JsonNode body = body(ex);
    long account = positiveLong(body, "account_id");
    String name = text(body, "name", 1, 200, true);
    String status = body.has("status") ? status(body) : "draft";
    String module = text(body, "module", 1, 50, true);
    if (!Params.MODULES.contains(module)) {
      throw ApiException.badParameter("module", module, "estimating, takeoff, pricing, scheduling, risk");
    }
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isObject()) {
      throw ApiException.badParameter("inputs", String.valueOf(inputs), "a JSON object");
    }
    JsonNode results = body.get("results");
    if (results != null && !results.isNull() && !results.isObject()) {
      throw ApiException.badParameter("results", results.toString(), "a JSON object or null");
    }
    String constants = body.has("constants_version") ? text(body, "constants_version", 0, 500, false) : null;
    Double confidence = confidence(body);
    String canonical = Json.canonical(inputs);
    String sha = Json.sha256(canonical);
    String etag = newEtag();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        long id;
        ObjectNode project = Json.MAPPER.createObjectNode();
        try (PreparedStatement ps = prepare(c, INSERT_PROJECT)) {
          ps.setLong(1, account);
          ps.setString(2, name);
          ps.setString(3, status);
          ps.setString(4, etag);
          ps.setString(5, constants);
          ps.setString(6, sha);
          setConfidence(ps, 7, confidence);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
            project.put("project_id", id);
            project.put("created_at", rs.getObject(2, java.time.OffsetDateTime.class).toString());
            project.put("updated_at", rs.getObject(3, java.time.OffsetDateTime.class).toString());
          }
        }
        long payloadId;
        try (PreparedStatement ps = prepare(c, INSERT_PAYLOAD)) {
          ps.setLong(1, id);
          ps.setString(2, module);
          ps.setString(3, canonical);
          ps.setString(4, results == null || results.isNull() ? null : results.toString());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            payloadId = rs.getLong(1);
          }
        }
        event(c, id, "created", "{\"source\":\"api\"}");
        c.commit();
        project.put("account_id", account);
        project.put("name", name);
        project.put("status", status);
        project.put("etag", etag);
        project.put("constants_version", constants);
        project.put("content_sha256", sha);
        if (confidence == null) {
          project.putNull("confidence");
        } else {
          project.put("confidence", confidence);
        }
        project.put("payload_id", payloadId);
        ex.getResponseHeaders().put(Headers.LOCATION, "/projects/" + id);
        return new Endpoint.Answer(201, etag, Envelope.of(project, project.get("confidence"), List.of("write.create_project"), project));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e instanceof SQLException s ? Database.translate(s) : e;
      }
    }
  }

  /** PUT /projects/{id} with If-Match: {name, status, confidence, constants_version, inputs} (any, at least one). */
  Endpoint.Answer update(HttpServerExchange ex) throws Exception {
    long id = new Params(ex).id("id");
    List<String> expected = ifMatch(ex, true);
    JsonNode body = body(ex);
    String name = body.has("name") ? text(body, "name", 1, 200, true) : null;
    String status = body.has("status") ? status(body) : null;
    boolean setConfidence = body.has("confidence");
    Double confidence = confidence(body);
    String constants = body.has("constants_version") ? text(body, "constants_version", 0, 500, false) : null;
    JsonNode inputs = body.get("inputs");
    if (inputs != null && !inputs.isObject()) {
      throw ApiException.badParameter("inputs", inputs.toString(), "a JSON object");
    }
    if (name == null && status == null && !setConfidence && constants == null && inputs == null) {
      throw ApiException.badParameter("body", body.toString(), "at least one of name, status, confidence, constants_version, inputs");
    }
    String canonical = inputs == null ? null : Json.canonical(inputs);
    String sha = canonical == null ? null : Json.sha256(canonical);
    String etag = newEtag();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        ObjectNode project;
        try (PreparedStatement ps = prepare(c, expected == ANY_VERSION ? UPDATE_PROJECT_ANY_VERSION : UPDATE_PROJECT_IF_MATCH)) {
          ps.setString(1, name);
          ps.setString(2, status);
          ps.setBoolean(3, setConfidence);
          setConfidence(ps, 4, confidence);
          ps.setString(5, constants);
          ps.setString(6, sha);
          ps.setString(7, etag);
          ps.setLong(8, id);
          if (expected == ANY_VERSION) {
            ps.setString(9, "*");
          } else {
            ps.setArray(9, c.createArrayOf("varchar", expected.toArray()));
          }
          try (ResultSet rs = ps.executeQuery()) {
            List<ObjectNode> rows = Database.rows(rs);
            if (rows.isEmpty()) {
              throw missingOrStale(c, id); // rolled back below
            }
            project = rows.get(0);
          }
        }
        if (canonical != null) {
          try (PreparedStatement ps = prepare(c, UPDATE_PAYLOAD_INPUTS)) {
            ps.setString(1, canonical);
            ps.setLong(2, id);
            ps.executeUpdate();
          }
        }
        event(c, id, status != null ? "status_changed" : canonical != null ? "payload_updated" : "comment", "{\"source\":\"api\"}");
        c.commit();
        return new Endpoint.Answer(200, etag, Envelope.of(project, project.get("confidence"), List.of("write.update_project_if_match"), project));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e instanceof SQLException s ? Database.translate(s) : e;
      }
    }
  }

  /** DELETE /projects/{id}, with an optional If-Match; payloads and events go with it (cascade). */
  Endpoint.Answer delete(HttpServerExchange ex) throws Exception {
    long id = new Params(ex).id("id");
    List<String> expected = ifMatch(ex, false);
    boolean any = expected == null || expected == ANY_VERSION;
    try (Connection c = db.connection();
        PreparedStatement ps = prepare(c, any ? DELETE_PROJECT : DELETE_PROJECT_IF_MATCH)) {
      ps.setLong(1, id);
      if (!any) {
        ps.setArray(2, c.createArrayOf("varchar", expected.toArray()));
      }
      if (ps.executeUpdate() == 0) {
        throw missingOrStale(c, id);
      }
      return new Endpoint.Answer(204, null, null);
    } catch (SQLException e) {
      throw Database.translate(e);
    }
  }

  private ApiException missingOrStale(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = prepare(c, CURRENT_ETAG)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return ApiException.notFound("project " + id);
        }
      }
    }
    return ApiException.preconditionFailed("project " + id + " was changed since that etag was read; GET it again");
  }

  private static void event(Connection c, long id, String type, String details) throws SQLException {
    try (PreparedStatement ps = prepare(c, INSERT_EVENT)) {
      ps.setLong(1, id);
      ps.setString(2, type);
      ps.setString(3, "api");
      ps.setString(4, details);
      ps.executeUpdate();
    }
  }

  /** {@code If-Match: *}: any current version of an existing project (RFC 9110, 13.1.1). */
  static final List<String> ANY_VERSION = List.of("*");

  /**
   * The etags of {@code If-Match} (RFC 9110, 13.1.1): {@code *}, or a comma-separated list of
   * entity-tags, each quoted ({@code "abc"}; a bare token is accepted too). A weak tag ({@code
   * W/"abc"}) never matches (If-Match uses strong comparison), so it is left out of the list; an
   * empty list then matches nothing (412). PUT requires the header (428 without). Values that are
   * not entity-tags are a 400 naming the header.
   */
  static List<String> ifMatch(HttpServerExchange ex, boolean required) {
    String v = ex.getRequestHeaders().getFirst(Headers.IF_MATCH);
    if (v == null || v.isBlank()) {
      if (required) {
        throw new ApiException(428, "precondition_required", "If-Match", "PUT needs an If-Match header with the project's etag");
      }
      return null;
    }
    v = v.trim();
    if (v.equals("*")) {
      return ANY_VERSION;
    }
    List<String> strong = new java.util.ArrayList<>();
    for (String part : v.split(",")) {
      String t = part.trim();
      boolean weak = t.startsWith("W/");
      if (weak) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (!ETAG.matcher(t).matches()) {
        throw ApiException.badParameter("If-Match", v, "*, or entity-tags such as \"3f2a9c\" (letters, digits, - and _)");
      }
      if (!weak) {
        strong.add(t);
      }
    }
    return strong;
  }

  private static final java.util.regex.Pattern ETAG = java.util.regex.Pattern.compile("[0-9A-Za-z_-]{1,64}");

  private static JsonNode body(HttpServerExchange ex) throws IOException {
    byte[] bytes = Request.of(ex).body(); // read by ApiHandler, within its size limit
    if (bytes == null) {
      throw ApiException.badParameter("body", "", "a JSON object");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw ApiException.badParameter("body", "", "JSON in UTF-8");
    }
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      if (n == null || !n.isObject()) {
        throw ApiException.badParameter("body", "", "a JSON object");
      }
      JsonChecks.check(n, "");
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badParameter("body", e.getOriginalMessage(), "a JSON object");
    }
  }

  private static long positiveLong(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0) {
      throw ApiException.badParameter(field, String.valueOf(v), "a positive integer");
    }
    return v.asLong();
  }

  private static String text(JsonNode body, String field, int min, int max, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badParameter(field, "null", "a string of " + min + " to " + max + " characters");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().length() < min || v.asText().length() > max) {
      throw ApiException.badParameter(field, v.toString(), "a string of " + min + " to " + max + " characters");
    }
    return v.asText();
  }

  private static String status(JsonNode body) {
    String s = text(body, "status", 1, 20, true);
    if (!Params.STATUSES.contains(s)) {
      throw ApiException.badParameter("status", s, "draft, estimating, submitted, accepted, rejected");
    }
    return s;
  }

  private static Double confidence(JsonNode body) {
    JsonNode v = body.get("confidence");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
      throw ApiException.badParameter("confidence", v.toString(), "a number from 0 to 1, or null");
    }
    return v.asDouble();
  }

  private static void setConfidence(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  /** A write statement prepared, and counted for the request on this thread by its name. */
  private static PreparedStatement prepare(java.sql.Connection c, String sql) throws java.sql.SQLException {
    StatementCounts.count(dev.apexbench.db.catalog.WriteStatements.nameOf(sql));
    return c.prepareStatement(sql);
  }
}
