package dev.apexbench.db;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * How a client reads a result column: with the getter of its type, each cell once. Reading every
 * cell with {@code getObject} instead materialises values a real client would not build (pgjdbc
 * makes a {@code java.sql.Timestamp} through a Calendar for each timestamptz, a {@code PGobject}
 * for each jsonb). The api reads its rows this way, and so does the JMH state, so that the
 * database's latency measured by JMH is the one the api pays.
 */
public enum ColumnKind {
  LONG, INT, DOUBLE, DECIMAL, BOOL, TIMESTAMPTZ, JSON, TEXT;

  /** The kinds of a result's columns, in order. */
  public static ColumnKind[] of(ResultSetMetaData md) throws SQLException {
    ColumnKind[] kinds = new ColumnKind[md.getColumnCount()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = of(md.getColumnType(i + 1), md.getColumnTypeName(i + 1));
    }
    return kinds;
  }

  /** The kind of a column with this JDBC type and PostgreSQL type name. */
  public static ColumnKind of(int type, String typeName) {
    if (type == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equals(typeName)) {
      return TIMESTAMPTZ;
    }
    if ("jsonb".equals(typeName) || "json".equals(typeName)) {
      return JSON;
    }
    return switch (type) {
      case Types.BIGINT -> LONG;
      case Types.INTEGER, Types.SMALLINT -> INT;
      case Types.DOUBLE, Types.REAL, Types.FLOAT -> DOUBLE;
      case Types.NUMERIC, Types.DECIMAL -> DECIMAL;
      case Types.BOOLEAN, Types.BIT -> BOOL;
      default -> TEXT;
    };
  }
}
