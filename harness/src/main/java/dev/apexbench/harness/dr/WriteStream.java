package dev.apexbench.harness.dr;

import dev.apexbench.db.BenchException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The drill's timestamped writes on the primary, one row of {@code apex_dr.writes} each 20 ms:
 * before the target time T, T itself, after it, a WAL switch so T's segment is archived, then
 * writes until the crash. Each write is kept as {id, commit time in epoch microseconds}.
 *
 * @param target the target time, as PostgreSQL prints a timestamptz
 * @param crashMicros the server's clock just before the crash
 * @param minutes how long the stream ran
 */
record WriteStream(List<long[]> before, List<long[]> after, List<long[]> tail, String target, long walBefore, long walAfter,
    long crashMicros, double minutes) {

  /** Writes acknowledged before the crash. */
  long committed() {
    return before.size() + after.size() + tail.size();
  }

  /** WAL segments archived per minute of the stream. */
  double walArchivedPerMinute() {
    return minutes > 0 ? (walAfter - walBefore) / minutes : 0;
  }

  static WriteStream run(DrillNode primary, int writeSeconds, int archiveTimeoutSeconds) throws Exception {
    List<long[]> before = new ArrayList<>();
    List<long[]> after = new ArrayList<>();
    List<long[]> tail = new ArrayList<>();
    long streamStart = System.nanoTime();
    try (Connection c = primary.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA apex_dr");
      st.execute("CREATE TABLE apex_dr.writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
      long walBefore = archived(st);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO apex_dr.writes DEFAULT VALUES RETURNING id,"
          + " (extract(epoch FROM at) * 1000000)::bigint")) {
        write(ins, before, writeSeconds);
        Thread.sleep(300);
        String target;
        try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()::text, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")) {
          rs.next();
          target = rs.getString(1);
        }
        Thread.sleep(300);
        write(ins, after, Math.max(1, writeSeconds / 2));
        st.execute("SELECT pg_switch_wal()");
        awaitArchived(st, Duration.ofSeconds(60));
        write(ins, tail, archiveTimeoutSeconds + Math.max(1, writeSeconds / 2));
        long walAfter = archived(st);
        long crashMicros;
        try (ResultSet rs = st.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")) {
          rs.next();
          crashMicros = rs.getLong(1);
        }
        return new WriteStream(before, after, tail, target, walBefore, walAfter, crashMicros, (System.nanoTime() - streamStart) / 6e10);
      }
    }
  }

  private static void write(PreparedStatement ins, List<long[]> into, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      try (ResultSet rs = ins.executeQuery()) {
        rs.next();
        into.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
      Thread.sleep(20);
    }
  }

  /** How many of {@code ids} are present on the server behind {@code c}. */
  static long countIds(Connection c, List<long[]> ids) throws Exception {
    if (ids.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM apex_dr.writes WHERE id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("bigint", ids.stream().map(x -> x[0]).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long archived(Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT archived_count FROM pg_stat_archiver")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitArchived(Statement st, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      try (ResultSet rs = st.executeQuery("SELECT last_archived_wal >= pg_walfile_name(pg_current_wal_lsn()) OR"
          + " (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') = 0 FROM pg_stat_archiver")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw BenchException.environment("dr: WAL was not archived within " + max.toSeconds() + " s (see the archive_command)", null);
  }
}
