package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code bench dr}: a disaster-recovery drill on the seeded dataset, on servers the harness starts
 * for it: a physical base backup with WAL archiving, point-in-time recovery to a moment in a stream
 * of writes, integrity checks of the restored data, a simulated crash of the primary, and the
 * timings that make the recovery time and point objectives.
 *
 * @param scale the dataset's scale
 * @param rows rows of the dataset (projects, payloads, events)
 * @param backupSeconds the base backup: pg_backup_start, copying the data directory, pg_backup_stop
 * @param backupBytes the copied data directory
 * @param restoreSeconds copying the backup back, recovery to the target time, the server accepting
 *     connections, and every integrity check passing: the measured RTO
 * @param rtoSeconds the same, as the objective is stated
 * @param rpoSeconds after a crash of the primary (SIGKILL, no WAL switch), the time between the
 *     crash and the last write that recovery from the archive brought back
 * @param lostWrites writes committed before the crash that the archive did not bring back
 * @param archiveTimeoutSeconds the primary's archive_timeout (the RPO's design bound)
 * @param walArchivedPerMinute WAL segments archived per minute during the write stream
 * @param pitr the point-in-time recovery
 * @param checks every check of the drill, integrity included
 * @param rtoPoints restore times measured at the drill's scales (for the projection)
 * @param rtoProjection restore time projected to larger scales from those points (a line through
 *     them; null entries when fewer than two points)
 * @param logical the logical backup in the report's format ({@code pg_dump -Fc -Z9}), or why not
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Dr(
    double scale,
    long rows,
    double backupSeconds,
    long backupBytes,
    double restoreSeconds,
    double rtoSeconds,
    Double rpoSeconds,
    Long lostWrites,
    double archiveTimeoutSeconds,
    Double walArchivedPerMinute,
    Pitr pitr,
    List<Check> checks,
    List<RtoPoint> rtoPoints,
    List<RtoPoint> rtoProjection,
    String logical) {

  /**
   * @param targetTime the recovery target (ISO instant, the server's clock)
   * @param writesBefore writes committed before the target on the primary
   * @param presentBefore of those, present after recovery
   * @param writesAfter writes committed after the target on the primary
   * @param presentAfter of those, present after recovery (must be 0)
   * @param verified every write up to the target present and none after
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Pitr(String targetTime, long writesBefore, long presentBefore, long writesAfter, long presentAfter, boolean verified) {}

  /** One check: its name, whether it held, what was compared. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Check(String name, boolean pass, String detail) {}

  /** A restore time at a scale, measured or projected. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RtoPoint(double scale, long rows, Double seconds, boolean measured) {}
}
