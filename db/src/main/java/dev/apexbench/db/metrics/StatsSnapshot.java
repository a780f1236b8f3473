package dev.apexbench.db.metrics;

import java.util.Map;

/**
 * Cumulative pg_stat_* counters at one instant: the database row of pg_stat_database, the
 * harness tables of pg_stat_user_tables / pg_statio_user_tables, their indexes in
 * pg_statio_user_indexes, and pg_stat_statements (when installed).
 */
public record StatsSnapshot(
    long nanoTime,
    long blksHit,
    long blksRead,
    long xactCommit,
    long xactRollback,
    Map<String, Table> tables,
    Map<String, Statement> statements) {

  /**
   * Per-table counters; index blocks are summed over the table's indexes, TOAST blocks over the
   * table's TOAST relation and its index.
   */
  public record Table(
      long seqScan,
      long idxScan,
      long seqTupRead,
      long idxTupFetch,
      long heapBlksHit,
      long heapBlksRead,
      long idxBlksHit,
      long idxBlksRead,
      long toastBlksHit,
      long toastBlksRead) {

    public Table(long seqScan, long idxScan, long seqTupRead, long idxTupFetch, long heapBlksHit, long heapBlksRead, long idxBlksHit,
        long idxBlksRead) {
      this(seqScan, idxScan, seqTupRead, idxTupFetch, heapBlksHit, heapBlksRead, idxBlksHit, idxBlksRead, 0, 0);
    }

    /** Every block of the table, its indexes and its TOAST data found in shared buffers. */
    public long blocksHit() {
      return heapBlksHit + idxBlksHit + toastBlksHit;
    }

    /** Every block of the table, its indexes and its TOAST data that had to be read. */
    public long blocksRead() {
      return heapBlksRead + idxBlksRead + toastBlksRead;
    }
  }

  /**
   * pg_stat_statements counters. {@code sumSquaresMs} is derived from the cumulative mean and
   * (population) standard deviation: sum(x^2) = n (stddev^2 + mean^2), so that the standard
   * deviation over a window can be recovered from two snapshots. The work counters (shared blocks
   * hit and read, temp blocks read and written, WAL bytes) are cumulative too.
   */
  public record Statement(String query, long calls, double totalMs, double sumSquaresMs, long rows, long sharedBlksHit,
      long sharedBlksRead, long tempBlks, long walBytes) {

    public Statement(String query, long calls, double totalMs, double sumSquaresMs, long rows) {
      this(query, calls, totalMs, sumSquaresMs, rows, 0, 0, 0, 0);
    }
  }
}
