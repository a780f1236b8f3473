package dev.apexbench.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A cheap fingerprint of a seeded dataset as it sits in the server, taken when the seed is verified
 * and checked before every later command reuses it: the row count of each table, a checksum over
 * the seeded projects (writes through the api change a project's status, etag, updated_at or
 * content hash, or delete it), and the list of objects in the harness schema (a table, index,
 * function, type or trigger someone added there changes what is measured). At scale 1 the check
 * takes a few milliseconds; it grows with the projects table (about half a second at scale 100).
 *
 * <p>Stored as one line of text: {@code counts;checksum;object|object|...}.
 */
public record DatasetIntegrity(long projects, long payloads, long events, String projectsChecksum, List<String> objects) {

  /** Measures the dataset now; {@code seededProjects} bounds the checksum to the seeded ids. */
  public static DatasetIntegrity measure(Connection c, long seededProjects) throws SQLException {
    long[] counts = new long[3];
    String checksum;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT (SELECT count(*) FROM projects), (SELECT count(*) FROM project_payloads), (SELECT count(*) FROM project_events),"
            + " (SELECT coalesce(sum(hashtextextended(p::text, 0)), 0)::text FROM projects p WHERE p.project_id <= ?)")) {
      ps.setLong(1, seededProjects);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        counts[0] = rs.getLong(1);
        counts[1] = rs.getLong(2);
        counts[2] = rs.getLong(3);
        checksum = rs.getString(4);
      }
    }
    return new DatasetIntegrity(counts[0], counts[1], counts[2], checksum, objects(c));
  }

  /** The objects of the harness schema: relations, functions, standalone types, user triggers. */
  static List<String> objects(Connection c) throws SQLException {
    TreeSet<String> out = new TreeSet<>();
    String ns = "'" + PgServer.SCHEMA + "'::regnamespace";
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 'relation ' || c.relname || ' (' || c.relkind::text || ')' FROM pg_class c WHERE c.relnamespace = " + ns
            + " UNION ALL SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = " + ns
            + " UNION ALL SELECT 'type ' || t.typname FROM pg_type t WHERE t.typnamespace = " + ns + " AND t.typrelid = 0 AND t.typelem = 0"
            + " UNION ALL SELECT 'trigger ' || tg.tgname || ' on ' || c.relname FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid"
            + "   WHERE c.relnamespace = " + ns + " AND NOT tg.tgisinternal");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return new ArrayList<>(out);
  }

  public String encode() {
    return projects + "," + payloads + "," + events + ";" + projectsChecksum + ";" + String.join("|", objects);
  }

  /** The stored form back; null when there is none (a dataset seeded before integrity was recorded). */
  public static DatasetIntegrity decode(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String[] parts = s.split(";", 3);
    String[] counts = parts[0].split(",");
    return new DatasetIntegrity(Long.parseLong(counts[0]), Long.parseLong(counts[1]), Long.parseLong(counts[2]), parts[1],
        parts.length < 3 || parts[2].isEmpty() ? List.of() : List.of(parts[2].split("\\|")));
  }

  /** How the dataset changed since {@code seeded} was stored: rows first, then objects. Empty when it did not. */
  public List<String> dataChangesSince(DatasetIntegrity seeded) {
    List<String> out = new ArrayList<>();
    count(out, "projects", projects, seeded.projects);
    count(out, "project_payloads", payloads, seeded.payloads);
    count(out, "project_events", events, seeded.events);
    if (out.isEmpty() && !projectsChecksum.equals(seeded.projectsChecksum)) {
      out.add("seeded projects were updated");
    }
    return out;
  }

  /** Objects in the schema now that the harness did not create. */
  public List<String> foreignObjectsSince(DatasetIntegrity seeded) {
    List<String> out = new ArrayList<>(objects);
    out.removeAll(seeded.objects);
    return out;
  }

  private static void count(List<String> out, String table, long now, long then) {
    if (now != then) {
      out.add(String.format(java.util.Locale.ROOT, "%s holds %,d rows, %,d were seeded", table, now, then));
    }
  }
}
