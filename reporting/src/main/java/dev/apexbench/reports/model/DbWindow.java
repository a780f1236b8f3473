package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The pg_stat_* deltas over one measured phase. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbWindow(
    String phase,
    double seconds,
    Double indexHitRate,
    Double cacheHitRate,
    Double indexScanRatio,
    long blksHit,
    long blksRead,
    long idxBlksHit,
    long idxBlksRead,
    long xactCommit,
    long xactRollback,
    List<TableStats> tables,
    List<StatementStats> topStatements) {

  /** Per-table scan and I/O counts in the window. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TableStats(
      String table,
      long seqScan,
      long idxScan,
      long seqTupRead,
      long idxTupFetch,
      long heapBlksHit,
      long heapBlksRead,
      long idxBlksHit,
      long idxBlksRead) {}

  /** A statement from pg_stat_statements, over the window only. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record StatementStats(String query, long calls, double totalMs, double meanMs, double stddevMs, long rows) {}
}
