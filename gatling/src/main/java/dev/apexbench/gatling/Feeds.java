package dev.apexbench.gatling;

import dev.apexbench.db.catalog.QueryCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeder records drawn from the seeded data with the catalog's own samplers (deterministic from
 * the run's seed), so load requests hit existing rows with the same spread as the benchmarks.
 */
public final class Feeds {
  /** Write journeys create projects for tenants far above the seeded ones, and delete them again. */
  public static final long LOAD_TEST_ACCOUNT_BASE = dev.apexbench.db.DatasetInfo.LOAD_TEST_ACCOUNTS_FROM;

  private Feeds() {}

  public static Map<String, List<Map<String, Object>>> reads(Connection c, long seed, int perRoute) throws SQLException {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Route r : Route.values()) {
      List<Map<String, Object>> records = new ArrayList<>();
      for (Object[] p : r.query().sample(c, seed, perRoute)) {
        records.add(r.sessionValues(p));
      }
      out.put(r.requestName, records);
    }
    return out;
  }

  /** Seeded payload inputs (realistic bodies) for the write journeys. */
  public static List<Map<String, Object>> writes(Connection c, long seed, int count) throws SQLException {
    List<Object[]> ids = QueryCatalog.get("simple.payloads_for_module").sample(c, seed + 1, count);
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT inputs::text FROM project_payloads WHERE project_id = ? AND module = ? LIMIT 1")) {
      int n = 0;
      for (Object[] p : ids) {
        ps.setObject(1, p[0]);
        ps.setObject(2, p[1]);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(SessionKeys.ACCOUNT, LOAD_TEST_ACCOUNT_BASE + (n % 50));
            m.put(SessionKeys.MODULE, p[1]);
            m.put(SessionKeys.INPUTS, rs.getString(1));
            m.put(SessionKeys.NAME, "load-test project " + n);
            out.add(m);
            n++;
          }
        }
      }
    }
    return out;
  }
}
