package dev.apexbench.harness.dr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.RealServer;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.reports.model.Dr;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill against losses of known size. The crash comes at a moment drawn below archive_timeout
 * after a segment switch, with no switch in between: the writes since the archiver had the switched
 * segment are lost, no more, no fewer. With the newest archived segment taken out of the archive,
 * "archive after a crash" must fail.
 */
@RealServer
class DrillKnownAnswerTest {
  static final DatasetSpec DATA = new DatasetSpec(new BigDecimal("0.02"), 42);

  @TempDir Path home;

  @Test
  void theMeasuredLossIsTheWritesSinceTheSwitchAndTheBoundHoldsIt() throws Exception {
    DrillSettings s = DrillSettings.of(Profile.SMOKE, DATA, false, null).withFault(DrillSettings.Fault.NONE, false);
    Dr dr = new Drill(s, home.resolve("dr"), new TestWorkspace(home).workspace().console()).run();
    double expected = Math.max(0, dr.crashAfterSwitchSeconds() - dr.archiverLagSeconds());
    assertThat(dr.rpoSeconds()).as("loss: writes from the archived switch to the crash (%s)", dr).isBetween(expected - 0.3, expected + 0.3);
    assertThat(dr.rpoWorstSeconds()).isEqualTo(Math.round((5 + dr.archiverLagSeconds()) * 100) / 100.0);
    assertThat(dr.rpoSeconds()).isLessThanOrEqualTo(dr.rpoWorstSeconds());
    assertThat(dr.checks()).filteredOn(c -> c.name().equals("archive after a crash")).singleElement()
        .satisfies(c -> assertThat(c.pass()).as(c.detail()).isTrue());
    assertThat(dr.checks()).filteredOn(c -> c.name().equals("base backup")).singleElement()
        .satisfies(c -> assertThat(c.pass()).as(c.detail()).isTrue());
    assertThat(dr.pitr().verified()).isTrue();
    assertThat(dr.verifySeconds()).isPositive();
  }

  @Test
  void aSegmentMissingFromTheArchiveFailsArchiveAfterACrash() throws Exception {
    DrillSettings s = DrillSettings.of(Profile.SMOKE, DATA, false, null).withFault(DrillSettings.Fault.ARCHIVED_SEGMENT_MISSING, false);
    Dr dr = new Drill(s, home.resolve("dr"), new TestWorkspace(home).workspace().console()).run();
    assertThat(dr.checks()).filteredOn(c -> c.name().equals("archive after a crash")).singleElement()
        .satisfies(c -> assertThat(c.pass()).as(c.detail()).isFalse());
    assertThat(dr.pitr().verified()).as("the segment was put back for the point-in-time recovery").isTrue();
  }
}
