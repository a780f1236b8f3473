package dev.apexbench.harness.dr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.model.Dr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restore-time projection: the line through measured (rows, seconds) points, read at scales 10 and 100. */
class RtoProjectionTest {
  @Test
  void pointsOnALineAreProjectedOnIt() {
    // 2 s + 1 s per 10,000 rows: scale 10 (500,000 rows) takes 52 s, scale 100 502 s
    List<Dr.RtoPoint> p = RtoProjection.project(List.of(new Dr.RtoPoint(0.1, 5_000, 2.5, true), new Dr.RtoPoint(1, 50_000, 7.0, true)));
    assertThat(p).extracting(Dr.RtoPoint::scale).containsExactly(10.0, 100.0);
    assertThat(p.get(0).rows()).isEqualTo(500_000);
    assertThat(p.get(0).seconds()).isEqualTo(52.0);
    assertThat(p.get(1).seconds()).isEqualTo(502.0);
    assertThat(p).allMatch(x -> !x.measured());
  }

  @Test
  void oneMeasuredPointProjectsNothing() {
    assertThat(RtoProjection.project(List.of(new Dr.RtoPoint(1, 50_000, 7.0, true)))).allMatch(x -> x.seconds() == null);
  }

  @Test
  void aFallingLineProjectsTheSlowestMeasuredRestoreNotLess() {
    // measured: 3.13 s at scale 1, 2.23 s at scale 10 (the server's start dominates and varies): not a restore that speeds up
    List<Dr.RtoPoint> p = RtoProjection.project(List.of(new Dr.RtoPoint(1, 50_000, 3.13, true), new Dr.RtoPoint(10, 500_000, 2.23, true)));
    assertThat(p).extracting(Dr.RtoPoint::seconds).containsExactly(3.13, 3.13);
  }
}
