package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Server-side metrics over the measured phases only (pg_stat_* sampled right before and right
 * after each phase). The top-level rates are over all measured windows together; {@code windows}
 * has one entry per phase (jmh, load).
 *
 * @param indexHitRate index blocks found in shared buffers / index blocks needed
 *     (pg_statio_user_indexes of the harness schema), 0..1; null when no index block was touched
 * @param cacheHitRate blocks of the harness's tables, indexes and TOAST data found in shared
 *     buffers / blocks needed (pg_statio_user_tables of the harness schema, not the whole
 *     database), 0..1
 * @param indexScanRatio index scans / (index + sequential scans) on the harness tables, 0..1
 * @param prewarmed true: pg_prewarm loaded the harness's relations before each measured phase (at
 *     scale 1 every block then fits, so the hit rates are 100 % by construction); false: a cold
 *     start (see {@code cache}); null in files written before it was recorded
 * @param cache what was done to the shared buffers before the measured phases
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Database(
    Double indexHitRate,
    Double cacheHitRate,
    Double indexScanRatio,
    Map<String, DbWindow> windows,
    Boolean prewarmed,
    String cache) {

  public Database(Double indexHitRate, Double cacheHitRate, Double indexScanRatio, Map<String, DbWindow> windows) {
    this(indexHitRate, cacheHitRate, indexScanRatio, windows, null, null);
  }

  /** How the hit-rate targets are labelled: " (prewarmed)", " (cold start)", or "" when unknown. */
  public String cacheLabel() {
    return prewarmed == null ? "" : prewarmed ? " (prewarmed)" : " (cold start)";
  }
}
