package dev.apexbench.db.catalog;

/**
 * The api's write statements, beside the read catalog so that all SQL lives in one module.
 * Optimistic locking: an update or delete carries the etag the client read; under READ COMMITTED
 * a concurrent writer that changed the etag first makes the row fail the {@code etag = ?} test
 * when it is re-checked, so exactly one of N writers holding the same etag succeeds.
 */
public final class WriteStatements {
  private WriteStatements() {}

  public static final String INSERT_PROJECT =
      "INSERT INTO projects (account_id, name, status, created_at, updated_at, etag, constants_version, content_sha256, confidence)"
          + " VALUES (?, ?, ?, now(), now(), ?, ?, ?, ?) RETURNING project_id, created_at, updated_at";

  public static final String INSERT_PAYLOAD =
      "INSERT INTO project_payloads (project_id, module, inputs, results, created_at) VALUES (?, ?, ?::jsonb, ?::jsonb, now())"
          + " RETURNING payload_id";

  public static final String INSERT_EVENT =
      "INSERT INTO project_events (project_id, event_type, occurred_at, actor, details) VALUES (?, ?, now(), ?, ?::jsonb)";

  /**
   * Parameters: name, status, set-confidence flag, confidence, constants_version, content_sha256,
   * new etag, id, the etags the client accepts (If-Match lists one or more; an array).
   */
  public static final String UPDATE_PROJECT_IF_MATCH =
      "UPDATE projects SET name = COALESCE(?, name), status = COALESCE(?, status),"
          + " confidence = CASE WHEN ? THEN ? ELSE confidence END,"
          + " constants_version = COALESCE(?, constants_version), content_sha256 = COALESCE(?, content_sha256),"
          + " etag = ?, updated_at = now()"
          + " WHERE project_id = ? AND etag = ANY (?)"
          + " RETURNING project_id, account_id, name, status, created_at, updated_at, etag, constants_version, content_sha256, confidence";

  /** As {@link #UPDATE_PROJECT_IF_MATCH} for {@code If-Match: *} (any current version): no etag test. The last parameter is unused. */
  public static final String UPDATE_PROJECT_ANY_VERSION =
      "UPDATE projects SET name = COALESCE(?, name), status = COALESCE(?, status),"
          + " confidence = CASE WHEN ? THEN ? ELSE confidence END,"
          + " constants_version = COALESCE(?, constants_version), content_sha256 = COALESCE(?, content_sha256),"
          + " etag = ?, updated_at = now()"
          + " WHERE project_id = ? AND ?::text IS NOT NULL"
          + " RETURNING project_id, account_id, name, status, created_at, updated_at, etag, constants_version, content_sha256, confidence";

  public static final String UPDATE_PAYLOAD_INPUTS =
      "UPDATE project_payloads SET inputs = ?::jsonb WHERE payload_id = (SELECT min(payload_id) FROM project_payloads WHERE project_id = ?)";

  public static final String CURRENT_ETAG = "SELECT etag FROM projects WHERE project_id = ?";

  public static final String DELETE_PROJECT = "DELETE FROM projects WHERE project_id = ?";

  public static final String DELETE_PROJECT_IF_MATCH = "DELETE FROM projects WHERE project_id = ? AND etag = ANY (?)";

  private static final java.util.Map<String, String> NAMES = java.util.Map.of(
      INSERT_PROJECT, "insert_project", INSERT_PAYLOAD, "insert_payload", INSERT_EVENT, "insert_event",
      UPDATE_PROJECT_IF_MATCH, "update_project_if_match", UPDATE_PROJECT_ANY_VERSION, "update_project_any_version",
      UPDATE_PAYLOAD_INPUTS, "update_payload_inputs", CURRENT_ETAG, "current_etag", DELETE_PROJECT, "delete_project",
      DELETE_PROJECT_IF_MATCH, "delete_project_if_match");

  /** A write statement's name (as the api counts it), or "write" for SQL that is not one of them. */
  public static String nameOf(String sql) {
    return NAMES.getOrDefault(sql, "write");
  }

  /** The SQL of a named write statement, or null. */
  public static String sqlOf(String name) {
    return NAMES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(java.util.Map.Entry::getKey).findFirst().orElse(null);
  }
}
