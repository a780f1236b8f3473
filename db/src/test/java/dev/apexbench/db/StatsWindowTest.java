package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.apexbench.db.metrics.StatsSnapshot;
import dev.apexbench.db.metrics.StatsWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window arithmetic: only what happened between the two snapshots counts. */
class StatsWindowTest {
  static StatsSnapshot.Table table(long seq, long idx, long heapHit, long heapRead, long idxHit, long idxRead) {
    return new StatsSnapshot.Table(seq, idx, 0, 0, heapHit, heapRead, idxHit, idxRead);
  }

  @Test
  void ratesAreComputedOverTheWindowNotTheLifetime() {
    // lifetime: terrible hit rates; window: 950 index and 40 heap hits, 10 index reads => 99 %
    StatsSnapshot before =
        new StatsSnapshot(0, 100, 900, 5, 0, Map.of("projects", table(50, 50, 0, 0, 10, 90)), Map.of());
    StatsSnapshot after =
        new StatsSnapshot(2_000_000_000L, 1090, 910, 25, 1, Map.of("projects", table(51, 149, 40, 0, 960, 100)), Map.of());
    StatsWindow w = StatsWindow.between("jmh", before, after);
    assertThat(w.seconds()).isEqualTo(2.0);
    assertThat(w.cacheHitRate()).as("the harness's blocks only").isCloseTo(990 / 1000.0, offset(1e-12));
    assertThat(w.indexHitRate()).as("950 of 960 index blocks hit").isCloseTo(950 / 960.0, offset(1e-12));
    assertThat(w.indexScanRatio()).as("99 index scans, 1 sequential").isCloseTo(0.99, offset(1e-12));
    assertThat(w.xactCommit()).isEqualTo(20);
    assertThat(w.xactRollback()).isEqualTo(1);
  }

  @Test
  void nothingCountedMeansNoRateRatherThanAPerfectOne() {
    StatsSnapshot s = new StatsSnapshot(0, 5, 5, 0, 0, Map.of("projects", table(1, 1, 0, 0, 3, 3)), Map.of());
    StatsWindow w = StatsWindow.between("idle", s, s);
    assertThat(w.cacheHitRate()).isNull();
    assertThat(w.indexHitRate()).isNull();
    assertThat(w.indexScanRatio()).isNull();
  }

  @Test
  void tablesAppearingDuringTheWindowCountFromZero() {
    StatsSnapshot before = new StatsSnapshot(0, 0, 0, 0, 0, Map.of(), Map.of());
    StatsSnapshot after = new StatsSnapshot(1, 10, 0, 0, 0, Map.of("project_events", table(2, 3, 7, 1, 4, 0)), Map.of());
    StatsWindow w = StatsWindow.between("load", before, after);
    assertThat(w.tables()).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo("project_events");
      assertThat(t.delta().seqScan()).isEqualTo(2);
      assertThat(t.delta().heapBlksRead()).isEqualTo(1);
    });
  }

  @Test
  void statementMeanAndStddevAreRecoveredForTheWindowOnly() {
    // before: 2 calls of 10 ms each; window: 2 calls of 20 ms and 40 ms (mean 30, population sd 10)
    double sumSqBefore = 2 * (0 + 10 * 10);
    StatsSnapshot.Statement b = new StatsSnapshot.Statement("SELECT 1", 2, 20, sumSqBefore, 2);
    // after: 4 calls total 80 ms; sum of squares 100 + 100 + 400 + 1600 = 2200
    StatsSnapshot.Statement a = new StatsSnapshot.Statement("SELECT 1", 4, 80, 2200, 4);
    StatsSnapshot.Statement fresh = new StatsSnapshot.Statement("SELECT 2", 3, 3, 3, 3);
    StatsWindow w =
        StatsWindow.between(
            "jmh",
            new StatsSnapshot(0, 0, 0, 0, 0, Map.of(), Map.of("q1", b)),
            new StatsSnapshot(1, 0, 0, 0, 0, Map.of(), Map.of("q1", a, "q2", fresh)));
    List<StatsWindow.StatementDelta> top = w.topStatements();
    assertThat(top).hasSize(2);
    assertThat(top.get(0).query()).as("ordered by total time in the window").isEqualTo("SELECT 1");
    assertThat(top.get(0).calls()).isEqualTo(2);
    assertThat(top.get(0).meanMs()).isCloseTo(30, offset(1e-9));
    assertThat(top.get(0).stddevMs()).isCloseTo(10, offset(1e-9));
    assertThat(top.get(1).calls()).as("a statement new in the window counts from zero").isEqualTo(3);
  }

  @Test
  void windowsCombineByAddingCountersNotAveragingRates() {
    StatsSnapshot z = new StatsSnapshot(0, 0, 0, 0, 0, Map.of(), Map.of());
    StatsWindow small = StatsWindow.between("a", z, new StatsSnapshot(1, 0, 0, 0, 0, Map.of("projects", table(0, 0, 1, 1, 0, 0)), Map.of())); // 50 %
    StatsWindow big = StatsWindow.between("b", z, new StatsSnapshot(1, 0, 0, 0, 0, Map.of("projects", table(0, 0, 99, 0, 0, 0)), Map.of())); // 100 %
    assertThat(StatsWindow.combine(List.of(small, big)).cacheHitRate()).isCloseTo(100 / 101.0, offset(1e-12));
  }

  @Test
  void theCacheHitRateIsTheHarnessSchemasNotTheWholeDatabases() {
    // another client read 1,000 blocks of its own tables in the window; the harness's were all hits
    StatsSnapshot before = new StatsSnapshot(0, 0, 0, 0, 0, Map.of("projects", table(0, 0, 0, 0, 0, 0)), Map.of());
    StatsSnapshot after = new StatsSnapshot(1, 500, 1000, 0, 0,
        Map.of("projects", new StatsSnapshot.Table(0, 0, 0, 0, 300, 0, 150, 0, 50, 0)), Map.of());
    StatsWindow w = StatsWindow.between("jmh", before, after);
    assertThat(w.cacheHitRate()).isEqualTo(1.0);
    assertThat(w.blksRead()).as("the database-wide counters are kept for reference").isEqualTo(1000);
    StatsSnapshot cold = new StatsSnapshot(1, 0, 0, 0, 0, Map.of("projects", new StatsSnapshot.Table(0, 0, 0, 0, 30, 10, 0, 0, 5, 5)), Map.of());
    assertThat(StatsWindow.between("jmh", before, cold).cacheHitRate()).as("TOAST reads count").isCloseTo(35 / 50.0, offset(1e-12));
  }
}
