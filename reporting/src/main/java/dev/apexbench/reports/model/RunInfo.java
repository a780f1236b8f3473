package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What was run, on what, and how.
 *
 * @param id the run id, also the directory name under {@code reports/} (e.g. {@code
 *     20261127T141530Z-smoke})
 * @param command the bench command that produced the file: run, explain, jmh or load
 * @param settings the effective settings of the run, secrets removed
 * @param phases every phase in order, with status ok, failed or skipped
 * @param failedPhase the first phase that failed, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunInfo(
    String id,
    String command,
    String startedAt,
    String finishedAt,
    String profile,
    BigDecimal scale,
    long seed,
    String schemaVariant,
    String schemaVersion,
    String gitCommit,
    Boolean gitDirty,
    Map<String, Object> settings,
    Machine machine,
    DbInfo db,
    Map<String, Object> jdbc,
    List<Phase> phases,
    String failedPhase) {}
