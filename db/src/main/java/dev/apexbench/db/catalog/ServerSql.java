package dev.apexbench.db.catalog;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Turns catalog (JDBC) SQL into server SQL: {@code ?} becomes {@code $n}, {@code ??} becomes the
 * jsonb {@code ?} operator; quoted literals and identifiers are left alone. Used to PREPARE the
 * exact statement the benchmark runs, so that EXPLAIN sees the same plan cache.
 */
public final class ServerSql {
  private ServerSql() {}

  public static String toServer(String jdbcSql) {
    StringBuilder out = new StringBuilder(jdbcSql.length() + 8);
    int n = 0;
    char quote = 0;
    for (int i = 0; i < jdbcSql.length(); i++) {
      char c = jdbcSql.charAt(i);
      if (quote != 0) {
        out.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        out.append(c);
      } else if (c == '?') {
        if (i + 1 < jdbcSql.length() && jdbcSql.charAt(i + 1) == '?') {
          out.append('?');
          i++;
        } else {
          out.append('$').append(++n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static int placeholders(String jdbcSql) {
    String s = toServer(jdbcSql);
    int n = 0;
    for (int i = 1; ; i++) {
      if (s.contains("$" + i)) {
        n = i;
      } else {
        return n;
      }
    }
  }

  /** A parameter value as an SQL literal (values come from the seeded data; quoted anyway). */
  public static String literal(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Number) {
      return v.toString();
    }
    if (v instanceof OffsetDateTime t) {
      return "'" + t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "'";
    }
    return "'" + v.toString().replace("'", "''") + "'";
  }
}
