package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code bench dr}: a disaster-recovery drill on the seeded dataset. On servers the harness starts
 * for it: a physical base backup with WAL archiving, point-in-time recovery to a moment in a stream
 * of writes, integrity checks of the restored data, a simulated crash of the primary, and the
 * timings that make the recovery time and point objectives; plus the logical backup where a
 * pg_dump of the server's major version or newer is available. On an existing server: the logical
 * backup only (pg_dump of the harness schema, pg_restore into a scratch database, the checks), and
 * the physical fields are null.
 *
 * @param scale the dataset's scale
 * @param rows rows of the dataset (projects, payloads, events)
 * @param backupSeconds the base backup: pg_backup_start, copying the data directory, pg_backup_stop
 *     (null when the physical drill did not run: an existing server)
 * @param backupBytes the copied data directory (null likewise)
 * @param restoreSeconds after a crash of the primary: copying the base backup back, replaying the
 *     archive to its end, until the first query succeeds on the recovered server (the outage with
 *     the restore started at the crash; integrity checks timed apart); on an existing server the
 *     logical restore into the scratch database and every check
 * @param rtoSeconds the same, as the objective is stated
 * @param rpoSeconds the measured loss: from the earliest acknowledged write that recovery to the
 *     end of the archive did not bring back to the crash, in seconds (0 when none was lost; null:
 *     not measured)
 * @param lostWrites acknowledged writes that recovery to the end of the archive did not bring back
 * @param archiveTimeoutSeconds the primary's archive_timeout (the RPO's design bound; null when the
 *     physical drill did not run)
 * @param walArchivedPerMinute WAL segments archived per minute during the write stream
 * @param pitr the point-in-time recovery (null when it did not run)
 * @param checks every check of the drill, integrity included
 * @param rtoPoints restore times measured at the drill's scales (for the projection; empty when the
 *     physical drill did not run)
 * @param rtoProjection restore time projected to larger scales from those points (a line through
 *     them; null entries when fewer than two points)
 * @param logical the logical backup in the report's format ({@code pg_dump -Fc -Z9}) in one line, or
 *     why it did not run
 * @param logicalBackup the same, structured (null in files written before it existed)
 * @param rpoWorstSeconds the bound on any crash's loss: archive_timeout plus the archiver's measured
 *     lag (what the rpo target judges; the measured loss is one draw below it)
 * @param archiverLagSeconds from a segment switch to the segment in the archive, measured
 * @param crashAfterSwitchSeconds when the primary was crashed after the last segment switch, by the
 *     server's clock: at a moment drawn at random (seeded) below 90 % of archive_timeout, or the archiver's
 *     lag if that is longer; the writes go on throughout, so the loss should equal it
 * @param verifySeconds the integrity checks on the recovered server, apart from the RTO
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Dr(
    double scale,
    long rows,
    Double backupSeconds,
    Long backupBytes,
    double restoreSeconds,
    double rtoSeconds,
    Double rpoSeconds,
    Long lostWrites,
    Double archiveTimeoutSeconds,
    Double walArchivedPerMinute,
    Pitr pitr,
    List<Check> checks,
    List<RtoPoint> rtoPoints,
    List<RtoPoint> rtoProjection,
    String logical,
    Logical logicalBackup,
    Double rpoWorstSeconds,
    Double archiverLagSeconds,
    Double crashAfterSwitchSeconds,
    Double verifySeconds) {

  /** Whether the physical drill (base backup, WAL archive, point-in-time recovery) ran. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean physical() {
    return backupSeconds != null;
  }

  /**
   * The logical backup: {@code pg_dump -Fc -Z9} of the harness schema, {@code pg_restore} into a
   * scratch database the drill creates and drops, every check on it.
   *
   * @param status done or skipped
   * @param tool the pg_dump that ran or was found ({@code pg_dump (PostgreSQL) 15.18}), or null
   * @param dumpSeconds pg_dump's wall time
   * @param dumpBytes the dump file
   * @param restoreSeconds CREATE DATABASE and pg_restore's wall time
   * @param verifySeconds the checks on the scratch database
   * @param scratchDatabase the scratch database's name (dropped afterwards)
   * @param detail one line: what ran, or why it was skipped
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Logical(String status, String tool, Double dumpSeconds, Long dumpBytes, Double restoreSeconds, Double verifySeconds,
      String scratchDatabase, String detail) {
    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";

    public static Logical skipped(String tool, String detail) {
      return new Logical(SKIPPED, tool, null, null, null, null, null, detail);
    }
  }

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
  public record Check(String name, boolean pass, String detail) {
    /** The same check with {@code prefix} before its detail. */
    public Check withDetailPrefix(String prefix) {
      return new Check(name, pass, prefix + detail);
    }
  }

  /** A restore time at a scale, measured or projected. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RtoPoint(double scale, long rows, Double seconds, boolean measured) {}
}
