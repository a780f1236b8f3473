package dev.apexbench.harness.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.RealServer;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.reports.model.Dr;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill against losses of known size. The crash comes at a set moment after a segment switch
 * (here 20 % and 80 % of archive_timeout, clear of the switch archive_timeout would force), with writes every 20 ms throughout and no switch in
 * between: the writes since the switch are lost, no more, no fewer, so the measured loss is the
 * time from the switch to the crash. With the newest archived segment taken out of the archive,
 * "archive after a crash" must fail.
 */
@RealServer
class DrillKnownAnswerTest {
  static final DatasetSpec DATA = new DatasetSpec(new BigDecimal("0.02"), 42);

  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 0.8})
  void theMeasuredLossIsTheTimeFromTheSwitchToTheCrashAndTheBoundHoldsIt(double at) throws Exception {
    DrillSettings s = DrillSettings.of(Profile.SMOKE, DATA, false, null).withFault(DrillSettings.Fault.NONE, false).crashingAt(at);
    Dr dr = new Drill(s, home.resolve("dr"), new TestWorkspace(home).workspace().console()).run();
    double set = at * 5; // smoke: archive_timeout 5 s
    assertThat(dr.crashAfterSwitchSeconds()).as("the crash, at the set moment or after the archiver's lag: %s", dr)
        .isBetween(set, Math.max(set, dr.archiverLagSeconds()) + 0.5);
    // the first write lost is the first after the switch: at most one 20 ms pause and one round trip after it
    assertThat(dr.rpoSeconds()).as("loss against the crash's moment (%s)", dr).isCloseTo(dr.crashAfterSwitchSeconds(), within(0.5));
    assertThat(dr.lostWrites()).as("one write every 20 ms at most, at least one").isBetween(1L, Math.round(dr.rpoSeconds() / 0.02) + 1);
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
