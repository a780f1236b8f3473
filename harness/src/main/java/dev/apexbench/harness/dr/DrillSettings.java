package dev.apexbench.harness.dr;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.harness.run.Profile;
import java.nio.file.Path;

/**
 * How the drill runs.
 *
 * @param archiveTimeoutSeconds the primary's archive_timeout
 * @param writeSeconds how long the writes run before the target time, and after it
 * @param keep leave the servers' directories for inspection
 * @param pgBin the directory of pg_dump and pg_restore for the logical backup, or null to look for them
 * @param image the Docker image of the drill's servers, or null for embedded servers
 * @param projection also measure the restore at a tenth of the scale, for the projection to larger scales
 * @param fault a fault of known effect injected to calibrate the checks, or {@link Fault#NONE}
 * @param crashAt when to crash the primary after the segment switch, as a fraction of
 *     archive_timeout (0 to 0.9), or null to draw it at random from the dataset's seed, below 0.9:
 *     at archive_timeout PostgreSQL switches segments itself and archives the writes the crash was
 *     to lose, so a later crash would lose less than its moment says
 */
public record DrillSettings(DatasetSpec spec, int archiveTimeoutSeconds, int writeSeconds, boolean keep, Path pgBin, String image,
    boolean projection, Fault fault, Double crashAt) {

  public DrillSettings {
    if (crashAt != null && !(crashAt >= 0 && crashAt <= MAX_CRASH_AT)) {
      throw new IllegalArgumentException("crashAt: " + crashAt + " is not allowed (allowed: 0 to 0.9, a fraction of archive_timeout)");
    }
  }

  /** The latest crash moment, as a fraction of archive_timeout: clear of the switch archive_timeout forces. */
  public static final double MAX_CRASH_AT = 0.9;

  /** Seconds after the segment switch at which the primary is crashed: the set fraction, or one drawn from the seed. */
  double crashAfterSwitchSeconds() {
    double f = crashAt != null ? crashAt : MAX_CRASH_AT * new java.util.SplittableRandom(spec.seed()).nextDouble();
    return f * archiveTimeoutSeconds;
  }

  /** Faults of known effect, for the drill's known-answer tests. */
  public enum Fault {
    NONE,
    /**
     * The newest segment in the archive at the crash is taken away before the restore to the end of
     * the archive (and put back after it): recovery stops one segment early, and the writes in that
     * segment, acknowledged and archived before the crash, are missing.
     */
    ARCHIVED_SEGMENT_MISSING
  }
  /**
   * The drill's settings for a profile: smoke archive_timeout 5 s and 3 s of writes each side of
   * the target; quick 15 s and 10 s; full 60 s and 30 s.
   */
  public static DrillSettings of(Profile profile, DatasetSpec d, boolean keep, Path pgBin) {
    return switch (profile.label()) {
      case "smoke" -> new DrillSettings(d, 5, 3, keep, pgBin, null, true, Fault.NONE, null);
      case "full" -> new DrillSettings(d, 60, 30, keep, pgBin, null, true, Fault.NONE, null);
      default -> new DrillSettings(d, 15, 10, keep, pgBin, null, true, Fault.NONE, null);
    };
  }

  /** The same drill in containers of {@code image} (Testcontainers) instead of embedded servers. */
  public DrillSettings inDocker(String image) {
    return new DrillSettings(spec, archiveTimeoutSeconds, writeSeconds, keep, pgBin, image, projection, fault, crashAt);
  }

  /** The same drill without the restore at a tenth of the scale, and with {@code f} injected. */
  public DrillSettings withFault(Fault f, boolean withProjection) {
    return new DrillSettings(spec, archiveTimeoutSeconds, writeSeconds, keep, pgBin, image, withProjection, f, crashAt);
  }

  /** The same drill, crashing the primary at {@code fraction} of archive_timeout after the segment switch. */
  public DrillSettings crashingAt(double fraction) {
    return new DrillSettings(spec, archiveTimeoutSeconds, writeSeconds, keep, pgBin, image, projection, fault, fraction);
  }
}
