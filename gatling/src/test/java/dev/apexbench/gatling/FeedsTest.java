package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.db.PgServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load's request parameters, computed from scale and seed alone, address rows the seeder
 * wrote: checked against a real seeded database, route by route.
 */
class FeedsTest {
  static PgServer pg;
  static Map<String, List<Map<String, Object>>> feeds;

  @BeforeAll
  static void seeded() {
    pg = LoadTestSupport.seeded();
    feeds = Feeds.reads(LoadTestSupport.DATASET, 40);
  }

  static long count(String sql, Object... params) throws Exception {
    try (Connection c = pg.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void everyRouteHasRecordsAndTheyAreDeterministic() {
    for (Route r : Route.values()) {
      assertThat(feeds.get(r.requestName)).as(r.requestName).hasSize(40);
    }
    assertThat(Feeds.reads(LoadTestSupport.DATASET, 40)).isEqualTo(feeds);
  }

  @Test
  void idsShasEtagsAndModulesExistInTheSeededData() throws Exception {
    for (Map<String, Object> m : feeds.get(Route.PROJECT_DETAIL.requestName)) {
      assertThat(count("SELECT count(*) FROM projects WHERE project_id = ?", m.get(SessionKeys.ID))).isEqualTo(1);
    }
    for (Map<String, Object> m : feeds.get(Route.PROJECT_BY_SHA.requestName)) {
      assertThat(count("SELECT count(*) FROM projects WHERE content_sha256 = ?", m.get(SessionKeys.SHA))).isPositive();
    }
    for (Map<String, Object> m : feeds.get(Route.PROJECT_BY_ETAG.requestName)) {
      assertThat(count("SELECT count(*) FROM projects WHERE etag = ?", m.get(SessionKeys.ETAG))).isEqualTo(1);
    }
    for (Map<String, Object> m : feeds.get(Route.PROJECT_PAYLOADS.requestName)) {
      assertThat(count("SELECT count(*) FROM project_payloads WHERE project_id = ? AND module = ?", m.get(SessionKeys.ID),
          m.get(SessionKeys.MODULE))).isEqualTo(1);
    }
    for (Map<String, Object> m : feeds.get(Route.TENANT_DASHBOARD.requestName)) {
      assertThat(count("SELECT count(*) FROM projects WHERE account_id = ? AND status <> 'draft'", m.get(SessionKeys.ACCOUNT))).isPositive();
    }
  }

  @Test
  void theJsonbProbesMatchPayloads() throws Exception {
    for (Map<String, Object> m : feeds.get(Route.SEARCH_CONTAINS.requestName)) {
      String probe = "{\"region\":\"" + m.get(SessionKeys.REGION) + "\",\"site\":{\"occupancy\":\"" + m.get(SessionKeys.OCCUPANCY) + "\"}}";
      assertThat(count("SELECT count(*) FROM project_payloads WHERE inputs @> ?::jsonb", probe)).as(probe).isPositive();
    }
    for (Map<String, Object> m : feeds.get(Route.SEARCH_SIZE.requestName)) {
      assertThat(count("SELECT count(*) FROM project_payloads WHERE (inputs #>> '{site,gross_sqft}')::int BETWEEN ? AND ?",
          m.get(SessionKeys.MIN_SQFT), m.get(SessionKeys.MAX_SQFT))).isPositive();
    }
  }
}
