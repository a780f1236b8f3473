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
 */
public record DrillSettings(DatasetSpec spec, int archiveTimeoutSeconds, int writeSeconds, boolean keep, Path pgBin, String image) {
  /**
   * The drill's settings for a profile: smoke archive_timeout 5 s and 3 s of writes each side of
   * the target; quick 15 s and 10 s; full 60 s and 30 s.
   */
  public static DrillSettings of(Profile profile, DatasetSpec d, boolean keep, Path pgBin) {
    return switch (profile.label()) {
      case "smoke" -> new DrillSettings(d, 5, 3, keep, pgBin, null);
      case "full" -> new DrillSettings(d, 60, 30, keep, pgBin, null);
      default -> new DrillSettings(d, 15, 10, keep, pgBin, null);
    };
  }

  /** The same drill in containers of {@code image} (Testcontainers) instead of embedded servers. */
  public DrillSettings inDocker(String image) {
    return new DrillSettings(spec, archiveTimeoutSeconds, writeSeconds, keep, pgBin, image);
  }
}
