package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The pg_stat_* deltas over one measured phase. {@code blksHit}/{@code blksRead} are the whole
 * database's (pg_stat_database); the hit rates are of the harness's own relations.
 */
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
    List<StatementStats> topStatements,
    /** Blocks of the harness's relations found in shared buffers (what cache_hit_rate is computed from). */
    Long schemaBlksHit,
    /** Blocks of the harness's relations read from outside shared buffers. */
    Long schemaBlksRead) {

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
