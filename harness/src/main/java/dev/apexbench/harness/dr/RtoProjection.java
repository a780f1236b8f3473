package dev.apexbench.harness.dr;

import dev.apexbench.reports.model.Dr;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.stat.regression.SimpleRegression;

/** The restore time projected to larger data scales, on the line through the measured points (seconds against rows). */
final class RtoProjection {
  private RtoProjection() {}

  /**
   * Restore time at scales 10 and 100 on the line through the measured points. A line that falls
   * (a larger restore measured faster: the server's start and the replay dominate, and they vary) is
   * no evidence of a restore that gets faster with data: the projection is then flat, at the slowest
   * measured restore, never below it.
   */
  static List<Dr.RtoPoint> project(List<Dr.RtoPoint> measured) {
    List<Dr.RtoPoint> out = new ArrayList<>();
    SimpleRegression reg = new SimpleRegression();
    measured.forEach(p -> reg.addData(p.rows(), p.seconds()));
    double slowest = measured.stream().mapToDouble(Dr.RtoPoint::seconds).max().orElse(0);
    for (double scale : new double[] {10, 100}) {
      long rows = Math.round(scale * 50_000);
      Double s = reg.getN() >= 2 && !Double.isNaN(reg.getSlope())
          ? Drill.round(reg.getSlope() > 0 ? Math.max(0, reg.predict(rows)) : slowest) : null;
      out.add(new Dr.RtoPoint(scale, rows, s, false));
    }
    return out;
  }
}
