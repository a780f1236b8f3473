package dev.apexbench.datagen;

import dev.apexbench.dataset.DatasetSpec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a load: row counts, no orphan rows (before the foreign keys exist to refuse them), and
 * that the materialized view agrees with a live GROUP BY.
 */
public final class Verifier {
  private Verifier() {}

  /** Counts and orphans; returns the problems found, empty when the load is sound. */
  public static List<String> checkRows(Connection c, DatasetSpec spec) throws SQLException {
    List<String> problems = new ArrayList<>();
    expect(problems, c, "projects", "SELECT count(*) FROM projects", spec.projects());
    expect(problems, c, "project_payloads", "SELECT count(*) FROM project_payloads", spec.payloads());
    expect(problems, c, "project_events", "SELECT count(*) FROM project_events", spec.events());
    orphans(problems, c, "project_payloads");
    orphans(problems, c, "project_events");
    return problems;
  }

  /** Rows of project_stats that differ from a live aggregation (both directions). */
  public static List<String> checkStatsView(Connection c) throws SQLException {
    String live =
        "SELECT account_id, status, COUNT(*) AS project_count, AVG(confidence) AS avg_confidence"
            + " FROM projects GROUP BY account_id, status";
    String view = "SELECT account_id, status, project_count, avg_confidence FROM project_stats";
    List<String> problems = new ArrayList<>();
    long missing = scalar(c, "SELECT count(*) FROM ((" + live + ") EXCEPT (" + view + ")) d");
    long extra = scalar(c, "SELECT count(*) FROM ((" + view + ") EXCEPT (" + live + ")) d");
    if (missing + extra > 0) {
      problems.add(
          "project_stats disagrees with a live GROUP BY: "
              + missing
              + " group(s) missing or different, "
              + extra
              + " extra");
    }
    return problems;
  }

  private static void expect(List<String> problems, Connection c, String table, String sql, long expected)
      throws SQLException {
    long actual = scalar(c, sql);
    if (actual != expected) {
      problems.add(table + " has " + actual + " rows, expected " + expected);
    }
  }

  private static void orphans(List<String> problems, Connection c, String table) throws SQLException {
    long n =
        scalar(
            c,
            "SELECT count(*) FROM "
                + table
                + " t WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.project_id = t.project_id)");
    if (n > 0) {
      problems.add(table + " has " + n + " orphan row(s) whose project does not exist");
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
