package dev.apexbench.db.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Samplers that draw random seeded projects (ids 1..n, uniformly) and derive parameters from
 * their rows. Drawing projects rather than values weights tenants and statuses by how many
 * projects they have, as real traffic would.
 */
final class Samplers {
  private Samplers() {}

  /** Maps one fetched row (first column: the project id) and the random stream to parameters. */
  @FunctionalInterface
  interface RowMapper {
    Object[] map(ResultSet rs, SplittableRandom random) throws SQLException;
  }

  /**
   * {@code rowSql} selects the project id as its first column and has one {@code ?} for an
   * array of ids, e.g. {@code SELECT project_id, status FROM projects WHERE project_id = ANY(?)}.
   * Projects whose row is missing (or filtered out) are skipped, so filters narrow the draw.
   */
  static ParamSampler fromProjects(String rowSql, RowMapper mapper) {
    return new ParamSampler() {
      @Override
      public List<Object[]> sample(Connection c, SplittableRandom random, int count) throws SQLException {
        long maxId = seededProjects(c);
        if (maxId == 0) {
          throw new SQLException("no seeded projects to sample parameters from");
        }
        return draw(c, rowSql, mapper, random, count, () -> 1 + random.nextLong(maxId));
      }

      @Override
      public List<Object[]> sampleFrom(Connection c, SplittableRandom random, List<Long> projectIds, int count) throws SQLException {
        if (projectIds.isEmpty()) {
          throw new SQLException("no projects to sample parameters from");
        }
        return draw(c, rowSql, mapper, random, count, () -> projectIds.get(random.nextInt(projectIds.size())));
      }
    };
  }

  private static List<Object[]> draw(Connection c, String rowSql, RowMapper mapper, SplittableRandom random, int count,
      java.util.function.LongSupplier nextId) throws SQLException {
    List<Object[]> out = new ArrayList<>(count);
    int attempts = 0;
    try (PreparedStatement ps = c.prepareStatement(rowSql)) {
      while (out.size() < count) {
        if (++attempts > 50) {
          throw new SQLException("could not sample " + count + " parameter sets with: " + rowSql);
        }
        Long[] ids = new Long[Math.max(16, (count - out.size()) * 2)];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = nextId.getAsLong();
        }
        Array arr = c.createArrayOf("bigint", ids);
        ps.setArray(1, arr);
        Map<Long, Object[]> rows = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getLong(1), mapper.map(rs, random));
          }
        }
        for (Long id : ids) {
          Object[] p = rows.get(id);
          if (p != null && out.size() < count) {
            out.add(p);
          }
        }
      }
    }
    return out;
  }

  /** The seeded project ids of the tenant with the most seeded projects (at most 256 of them). */
  static List<Long> largestTenantProjects(Connection c) throws SQLException {
    long maxId = seededProjects(c);
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT project_id FROM projects WHERE project_id <= ? AND account_id ="
            + " (SELECT account_id FROM projects WHERE project_id <= ? GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1)"
            + " ORDER BY project_id LIMIT 256")) {
      ps.setLong(1, maxId);
      ps.setLong(2, maxId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** Seeded projects have ids 1..n; n comes from dataset_info (rows written later do not count). */
  static long seededProjects(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT COALESCE((SELECT projects FROM dataset_info WHERE id = 1), (SELECT max(project_id) FROM projects), 0)")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
