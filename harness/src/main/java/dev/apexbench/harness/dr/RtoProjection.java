package dev.apexbench.harness.dr;

import dev.apexbench.reports.model.Dr;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.stat.regression.SimpleRegression;

/** The restore time projected to larger data scales, on the line through the measured points (seconds against rows). */
final class RtoProjection {
  private RtoProjection() {}

  /** Restore time at scales 10 and 100 on the line through the measured points. */
  static List<Dr.RtoPoint> project(List<Dr.RtoPoint> measured) {
    List<Dr.RtoPoint> out = new ArrayList<>();
    SimpleRegression reg = new SimpleRegression();
    measured.forEach(p -> reg.addData(p.rows(), p.seconds()));
    for (double scale : new double[] {10, 100}) {
      long rows = Math.round(scale * 50_000);
      Double s = reg.getN() >= 2 && !Double.isNaN(reg.getSlope()) ? Drill.round(Math.max(0, reg.predict(rows))) : null;
      out.add(new Dr.RtoPoint(scale, rows, s, false));
    }
    return out;
  }
}
