package dev.apexbench.harness.capacity;

import dev.apexbench.reports.model.Capacity;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Neil Gunther's Universal Scalability Law, X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)),
 * fitted by least squares with Hipparchus' Levenberg-Marquardt optimizer, sigma kept in [0, 1] and
 * kappa at or above 0. The peak, sqrt((1 - sigma) / kappa), is reported only within twice the
 * highest measured concurrency: the law describes the measured range, not what lies far beyond it.
 */
public final class Usl {
  /** Fewer points than this leave three parameters undetermined. */
  public static final int MIN_POINTS = 4;

  private Usl() {}

  /** Throughput at concurrency n under the law. */
  public static double throughput(double lambda, double sigma, double kappa, double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  /** The fit to (concurrency, throughput) points; a result with a note and no parameters when it cannot be fitted. */
  public static Capacity.Usl fit(List<double[]> points) {
    List<double[]> pts = points.stream().filter(p -> p[0] > 0 && p[1] > 0 && Double.isFinite(p[0]) && Double.isFinite(p[1])).toList();
    double maxN = pts.stream().mapToDouble(p -> p[0]).max().orElse(0);
    if (pts.size() < MIN_POINTS) {
      return new Capacity.Usl(null, null, null, null, pts.size(), null, null, round(maxN),
          "not fitted: " + pts.size() + " steps with a throughput, at least " + MIN_POINTS + " needed for three parameters");
    }
    double[] n = pts.stream().mapToDouble(p -> p[0]).toArray();
    double[] x = pts.stream().mapToDouble(p -> p[1]).toArray();
    int lowest = 0;
    for (int i = 1; i < n.length; i++) {
      if (n[i] < n[lowest]) {
        lowest = i;
      }
    }
    double lambda0 = x[lowest] / n[lowest];
    LeastSquaresProblem problem = problem(n, x, lambda0);
    LeastSquaresOptimizer.Optimum o;
    try {
      o = new LevenbergMarquardtOptimizer().optimize(problem);
    } catch (RuntimeException e) {
      return new Capacity.Usl(null, null, null, null, pts.size(), null, null, round(maxN), "not fitted: the optimizer did not converge ("
          + e.getMessage() + ")");
    }
    double l = o.getPoint().getEntry(0);
    double s = o.getPoint().getEntry(1);
    double k = o.getPoint().getEntry(2);
    double mean = java.util.Arrays.stream(x).average().orElse(0);
    double ssTot = 0;
    double ssRes = 0;
    for (int i = 0; i < n.length; i++) {
      ssTot += (x[i] - mean) * (x[i] - mean);
      double r = x[i] - throughput(l, s, k, n[i]);
      ssRes += r * r;
    }
    double r2 = ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN;
    double peak = k > 0 ? Math.sqrt((1 - s) / k) : Double.NaN;
    boolean shown = k > 0 && peak <= 2 * maxN;
    Double peakN = shown ? round(peak) : null;
    Double peakX = shown ? round(throughput(l, s, k, peak)) : null;
    String note = note(l, s, k, peak, maxN);
    return new Capacity.Usl(round6(s), round6(k), round(l), Double.isNaN(r2) ? null : Math.round(r2 * 1000) / 1000.0, pts.size(), peakN, peakX,
        round(maxN), note);
  }

  /** Least squares of the law against the points, from lambda0 (the lowest step's throughput per unit of concurrency). */
  private static LeastSquaresProblem problem(double[] n, double[] x, double lambda0) {
    return new LeastSquaresBuilder()
        .start(new double[] {lambda0, 0.05, 0.0001})
        .model(point -> {
          double l = point.getEntry(0);
          double s = point.getEntry(1);
          double k = point.getEntry(2);
          RealVector value = new ArrayRealVector(n.length);
          double[][] jac = new double[n.length][3];
          for (int i = 0; i < n.length; i++) {
            double d = 1 + s * (n[i] - 1) + k * n[i] * (n[i] - 1);
            value.setEntry(i, l * n[i] / d);
            jac[i][0] = n[i] / d;
            jac[i][1] = -l * n[i] * (n[i] - 1) / (d * d);
            jac[i][2] = -l * n[i] * n[i] * (n[i] - 1) / (d * d);
          }
          return new Pair<>(value, new Array2DRowRealMatrix(jac, false));
        })
        .parameterValidator(p -> {
          RealVector v = p.copy();
          v.setEntry(0, Math.max(1e-9, v.getEntry(0)));
          v.setEntry(1, Math.min(1, Math.max(0, v.getEntry(1))));
          v.setEntry(2, Math.max(0, v.getEntry(2)));
          return v;
        })
        .target(x)
        .maxEvaluations(10_000)
        .maxIterations(10_000)
        .build();
  }

  /** What the fitted peak means: levels off (kappa 0), beyond twice the measured range (not shown), or where it lies. */
  private static String note(double l, double s, double k, double peak, double maxN) {
    if (k <= 0) {
      return "no coherency cost fitted (kappa 0): throughput levels off at lambda / sigma"
          + (s > 0 ? " = " + Math.round(l / s) + " rps" : "") + " instead of peaking";
    }
    if (peak > 2 * maxN) {
      return "the fitted peak (" + Math.round(peak) + " in flight) lies beyond twice the highest measured concurrency ("
          + round(maxN) + "): not extrapolated";
    }
    return peak > maxN ? "the peak lies beyond the measured steps (within 2x): an extrapolation" : "the peak lies within the measured steps";
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
