package dev.apexbench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.apexbench.db.catalog.CatalogQuery;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.util.PGobject;

/**
 * The HikariCP pool and the catalog's queries as JSON rows. A connection that cannot be had
 * within the acquire timeout, or a statement cancelled by statement_timeout, becomes a 503.
 */
final class Database implements AutoCloseable {
  private final HikariDataSource pool;

  Database(String jdbcUrl, Properties props, ApiSettings s, MeterRegistry registry) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("apex-api");
    c.setJdbcUrl(jdbcUrl);
    Properties p = new Properties();
    p.putAll(props);
    // the api's own statement timeout, on top of the server's 30 s default
    p.setProperty("options", "-c statement_timeout=" + s.statementTimeoutMs());
    c.setDataSourceProperties(p);
    c.setMaximumPoolSize(s.poolSize());
    c.setMinimumIdle(s.poolSize());
    c.setConnectionTimeout(s.acquireTimeoutMs());
    c.setInitializationFailTimeout(10_000);
    c.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    pool = new HikariDataSource(c);
  }

  Connection connection() {
    try {
      return pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      // HikariCP says "timeout" both when every connection is busy and when it cannot make one
      // because the database is down; the cause (its last connection failure) tells them apart
      if (e.getCause() instanceof SQLException cause && isUnavailable(cause)) {
        throw ApiException.unavailable("database_unavailable", "the database does not accept connections");
      }
      throw ApiException.unavailable("pool_exhausted", "no database connection free within the acquire timeout");
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("53300");
  }

  /** Runs a catalog query; at most maxRows rows (0: all). */
  ArrayList<ObjectNode> query(Connection c, CatalogQuery q, int maxRows, Object... params) {
    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
      if (maxRows > 0) {
        ps.setMaxRows(maxRows);
      }
      CatalogQuery.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  static ArrayList<ObjectNode> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    ArrayList<ObjectNode> out = new ArrayList<>();
    while (rs.next()) {
      ObjectNode row = JsonNodeFactory.instance.objectNode();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        row.set(md.getColumnLabel(i), value(rs, i, md.getColumnType(i), md.getColumnTypeName(i)));
      }
      out.add(row);
    }
    return out;
  }

  private static JsonNode value(ResultSet rs, int i, int type, String typeName) throws SQLException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Object v = rs.getObject(i);
    if (v == null) {
      return f.nullNode();
    }
    if (type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.equals("timestamptz")) {
      return f.textNode(rs.getObject(i, OffsetDateTime.class).toString());
    }
    if (v instanceof PGobject o && ("jsonb".equals(o.getType()) || "json".equals(o.getType()))) {
      return Json.parse(o.getValue());
    }
    if (v instanceof Long l) {
      return f.numberNode(l);
    }
    if (v instanceof Integer n) {
      return f.numberNode(n);
    }
    if (v instanceof Double d) {
      return f.numberNode(d);
    }
    if (v instanceof java.math.BigDecimal d) {
      return f.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return f.booleanNode(b);
    }
    return f.textNode(v.toString());
  }

  /**
   * A database error as the api answers it: 503 for a cancelled statement or an unavailable
   * database, otherwise an internal error whose text stays in the api's log (an answer never
   * carries a database's error message).
   */
  static RuntimeException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("57014")) {
      return ApiException.unavailable("statement_timeout", "the query was cancelled by the statement timeout");
    }
    if (isUnavailable(e)) {
      return ApiException.unavailable("database_unavailable", "the database is not available");
    }
    return new IllegalStateException("database error " + state + ": " + e.getMessage(), e);
  }

  boolean healthy() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
