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
 *     (pg_statio_user_indexes), 0..1; null when no index block was touched
 * @param cacheHitRate blocks found in shared buffers / blocks needed (pg_stat_database), 0..1
 * @param indexScanRatio index scans / (index + sequential scans) on the harness tables, 0..1
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Database(
    Double indexHitRate,
    Double cacheHitRate,
    Double indexScanRatio,
    Map<String, DbWindow> windows) {}
