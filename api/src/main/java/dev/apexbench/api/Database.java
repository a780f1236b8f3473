package dev.apexbench.api;

import dev.apexbench.db.ColumnKind;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

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

  /**
   * A pooled connection. With {@link Timing} on, the wait for it counts as the request's {@code
   * pool} time and holding it (until {@code close}) as its {@code db} time.
   */
  Connection connection() {
    Timing t = Timing.current();
    if (t == null) {
      return acquire();
    }
    long t0 = System.nanoTime();
    Connection c;
    try {
      c = acquire();
    } finally {
      t.poolNanos += System.nanoTime() - t0;
    }
    return timed(c, t);
  }

  /** The connection, with its close() adding the time it was held to the request's db time. */
  private static Connection timed(Connection c, Timing t) {
    long held = System.nanoTime();
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            try {
              c.close();
            } finally {
              t.dbNanos += System.nanoTime() - held;
            }
            return null;
          }
          try {
            return method.invoke(c, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private Connection acquire() {
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
    StatementCounts.count(q.name());
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

  /** How a column's values become JSON, decided once per result set from its type. */
  /**
   * Every row as a JSON object. Each cell is read once with the getter of its type (reading it as
   * an Object first and converting made pgjdbc build a Calendar per timestamp); JSON columns are
   * embedded as the text PostgreSQL sent, without being parsed and written again.
   */
  static ArrayList<ObjectNode> rows(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      labels[i] = md.getColumnLabel(i + 1);
    }
    ColumnKind[] kinds = ColumnKind.of(md);
    JsonNodeFactory f = JsonNodeFactory.instance;
    ArrayList<ObjectNode> out = new ArrayList<>();
    while (rs.next()) {
      ObjectNode row = f.objectNode();
      for (int i = 0; i < n; i++) {
        row.set(labels[i], value(rs, i + 1, kinds[i], f));
      }
      out.add(row);
    }
    return out;
  }

  private static JsonNode value(ResultSet rs, int i, ColumnKind kind, JsonNodeFactory f) throws SQLException {
    switch (kind) {
      case LONG -> {
        long v = rs.getLong(i);
        return rs.wasNull() ? f.nullNode() : f.numberNode(v);
      }
      case INT -> {
        int v = rs.getInt(i);
        return rs.wasNull() ? f.nullNode() : f.numberNode(v);
      }
      case DOUBLE -> {
        double v = rs.getDouble(i);
        return rs.wasNull() ? f.nullNode() : f.numberNode(v);
      }
      case DECIMAL -> {
        java.math.BigDecimal v = rs.getBigDecimal(i);
        return v == null ? f.nullNode() : f.numberNode(v);
      }
      case BOOL -> {
        boolean v = rs.getBoolean(i);
        return rs.wasNull() ? f.nullNode() : f.booleanNode(v);
      }
      case TIMESTAMPTZ -> {
        OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
        return v == null ? f.nullNode() : f.textNode(v.toString());
      }
      case JSON -> {
        String v = rs.getString(i);
        return v == null ? f.nullNode() : f.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(v));
      }
      default -> {
        String v = rs.getString(i);
        return v == null ? f.nullNode() : f.textNode(v);
      }
    }
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
