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
 * The drill's timestamped writes on the primary, one row of {@code apex_dr.writes} every 20 ms:
 * before the target time T, T itself, after it, a WAL segment switch, then writes until the crash,
 * at a moment set after that switch (by default drawn at random from the seed, below
 * archive_timeout). The writes go on while the switched segment is archived, as an application's
 * would; the archiver's lag is measured meanwhile, and if it is longer than the set moment the crash
 * waits for it (the lag is part of the bound). No segment switches in between, so the crash loses
 * what was written since the switch: a loss of known size, which is the time from the switch to the
 * crash as the server's clock tells it. Each acknowledged write is kept with its commit time and the
 * WAL segment its commit lies in.
 *
 * @param target the target time, as PostgreSQL prints a timestamptz
 * @param crashMicros the server's clock just before the crash
 * @param archiverLagSeconds from the switch returning to the segment in the archive
 * @param crashAfterSwitchSeconds the crash after the switch, by the server's clock
 * @param lastArchivedAtCrash the newest segment in the archive just before the crash
 * @param minutes how long the stream ran
 */
record WriteStream(List<Write> before, List<Write> after, List<Write> tail, String target, long walBefore, long walAfter, long crashMicros,
    double archiverLagSeconds, double crashAfterSwitchSeconds, String lastArchivedAtCrash, double minutes) {

  /** One acknowledged write: its id, its commit time (epoch microseconds, the server's clock) and its commit's WAL segment. */
  record Write(long id, long atMicros, String segment) {}

  /** Writes acknowledged before the crash. */
  long committed() {
    return before.size() + after.size() + tail.size();
  }

  List<Write> all() {
    List<Write> out = new ArrayList<>(before);
    out.addAll(after);
    out.addAll(tail);
    return out;
  }

  /** WAL segments archived per minute of the stream. */
  double walArchivedPerMinute() {
    return minutes > 0 ? (walAfter - walBefore) / minutes : 0;
  }

  static WriteStream run(DrillNode primary, int writeSeconds, double crashAfter) throws Exception {
    List<Write> before = new ArrayList<>();
    List<Write> after = new ArrayList<>();
    List<Write> tail = new ArrayList<>();
    long streamStart = System.nanoTime();
    try (Connection c = primary.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA apex_dr");
      st.execute("CREATE TABLE apex_dr.writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
      long walBefore = archived(st);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO apex_dr.writes DEFAULT VALUES RETURNING id,"
          + " (extract(epoch FROM at) * 1000000)::bigint");
          PreparedStatement seg = c.prepareStatement("SELECT pg_walfile_name(pg_current_wal_lsn())")) {
        write(ins, seg, before, Duration.ofSeconds(writeSeconds));
        Thread.sleep(300);
        String target;
        try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()::text")) {
          rs.next();
          target = rs.getString(1);
        }
        Thread.sleep(300);
        write(ins, seg, after, Duration.ofSeconds(Math.max(1, writeSeconds / 2)));
        long switchMicros;
        String switchedSegment;
        try (ResultSet rs = st.executeQuery("SELECT pg_walfile_name(pg_switch_wal()), (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")) {
          rs.next();
          switchedSegment = rs.getString(1);
          switchMicros = rs.getLong(2);
        }
        long switched = System.nanoTime();
        double lag;
        try (PreparedStatement archivedYet = c.prepareStatement("SELECT coalesce(last_archived_wal >= ?, false) OR"
            + " (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') = 0 FROM pg_stat_archiver")) {
          archivedYet.setString(1, switchedSegment);
          lag = writeUntilArchivedAndDue(archivedYet, ins, seg, tail, switched, crashAfter, Duration.ofSeconds(60));
        }
        long walAfter = archived(st);
        String lastArchived;
        long crashMicros;
        try (ResultSet rs = st.executeQuery("SELECT coalesce(last_archived_wal, ''), (extract(epoch FROM clock_timestamp()) * 1000000)::bigint"
            + " FROM pg_stat_archiver")) {
          rs.next();
          lastArchived = rs.getString(1);
          crashMicros = rs.getLong(2);
        }
        return new WriteStream(before, after, tail, target, walBefore, walAfter, crashMicros, lag, (crashMicros - switchMicros) / 1e6,
            lastArchived, (System.nanoTime() - streamStart) / 6e10);
      }
    }
  }

  /**
   * Writes after the switch, one every 20 ms, until the switched segment is in the archive and the
   * crash is due; returns the archiver's lag in seconds.
   */
  private static double writeUntilArchivedAndDue(PreparedStatement archivedYet, PreparedStatement ins, PreparedStatement seg, List<Write> tail,
      long switched, double crashAfter, Duration max) throws Exception {
    long due = switched + Math.round(crashAfter * 1e9);
    long deadline = switched + max.toNanos();
    double lag = -1;
    while (lag < 0 || System.nanoTime() < due) {
      if (lag < 0) {
        if (archived(archivedYet)) {
          lag = (System.nanoTime() - switched) / 1e9;
        } else if (System.nanoTime() > deadline) {
          throw BenchException.environment("dr: WAL was not archived within " + max.toSeconds() + " s (see the archive_command)", null);
        }
      }
      writeOne(ins, seg, tail);
    }
    return lag;
  }

  /** Writes, one every 20 ms, for {@code d}; each kept once acknowledged (autocommit), with the segment its commit lies in. */
  private static void write(PreparedStatement ins, PreparedStatement seg, List<Write> into, Duration d) throws Exception {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      writeOne(ins, seg, into);
    }
  }

  /** One write, kept once acknowledged (autocommit) with the segment its commit lies in; then a 20 ms pause. */
  private static void writeOne(PreparedStatement ins, PreparedStatement seg, List<Write> into) throws Exception {
    long id;
    long at;
    try (ResultSet rs = ins.executeQuery()) {
      rs.next();
      id = rs.getLong(1);
      at = rs.getLong(2);
    }
    try (ResultSet rs = seg.executeQuery()) { // after the commit: its end lies at or before this position
      rs.next();
      into.add(new Write(id, at, rs.getString(1)));
    }
    Thread.sleep(20);
  }

  /** How many of {@code writes} are present on the server behind {@code c}. */
  static long countIds(Connection c, List<Write> writes) throws Exception {
    if (writes.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM apex_dr.writes WHERE id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("bigint", writes.stream().map(Write::id).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The ids present on the server behind {@code c} (none when recovery stopped before the table was created). */
  static java.util.Set<Long> presentIds(Connection c) throws Exception {
    java.util.Set<Long> out = new java.util.HashSet<>();
    try (Statement st = c.createStatement(); ResultSet exists = st.executeQuery("SELECT to_regclass('apex_dr.writes') IS NOT NULL")) {
      exists.next();
      if (!exists.getBoolean(1)) {
        return out;
      }
    }
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM apex_dr.writes")) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static long archived(Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT archived_count FROM pg_stat_archiver")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Whether the switched segment is archived (or nothing waits for the archiver). */
  private static boolean archived(PreparedStatement archivedYet) throws Exception {
    try (ResultSet rs = archivedYet.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
