package dev.apexbench.harness.capacity;

import dev.apexbench.reports.model.Capacity;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.distribution.TDistribution;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Neil Gunther's Universal Scalability Law, X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)),
 * fitted by least squares with Hipparchus' Levenberg-Marquardt optimizer (sigma kept in [0, 1],
 * kappa at or above 0) to a closed-model sweep: N requests kept in flight, throughput X measured at
 * each N. Each parameter has a 95 % confidence interval from the fit's covariance (the residual
 * variance times (J'J)^-1 at the optimum) and Student's t over points - 3 degrees of freedom.
 *
 * <p>The fit is refused, with the reason and no parameters, when it cannot be trusted: fewer than
 * {@value #MIN_POINTS} points (three parameters and their intervals need the spare), or points that
 * do not bracket the fitted peak (a measured concurrency below it and one above it): the law then
 * describes the measured range only, and its peak would be an extrapolation. The peak is not
 * reported either when kappa's interval includes 0: the sweep then shows throughput levelling
 * off, not falling, and the fitted peak is an artefact of noise.
 */
public final class Usl {
  /** Fewer points than this are refused: three parameters need degrees of freedom left for their intervals. */
  public static final int MIN_POINTS = 6;

  private Usl() {}

  /** Throughput at concurrency n under the law. */
  public static double throughput(double lambda, double sigma, double kappa, double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  /** The fit to the sweep's points; a result with its reason and no parameters when it is refused. */
  public static Capacity.Usl fit(List<Capacity.Usl.Point> points) {
    List<Capacity.Usl.Point> pts = points.stream().filter(p -> p.concurrency() > 0 && p.throughputRps() > 0 && Double.isFinite(p.concurrency())
        && Double.isFinite(p.throughputRps())).sorted(Comparator.comparingDouble(Capacity.Usl.Point::concurrency)).toList();
    double maxN = pts.stream().mapToDouble(Capacity.Usl.Point::concurrency).max().orElse(0);
    if (pts.size() < MIN_POINTS) {
      return refused(pts, maxN, "not fitted: " + pts.size() + " concurrency steps with a throughput, at least " + MIN_POINTS
          + " needed for three parameters and their confidence intervals");
    }
    double[] n = pts.stream().mapToDouble(Capacity.Usl.Point::concurrency).toArray();
    double[] x = pts.stream().mapToDouble(Capacity.Usl.Point::throughputRps).toArray();
    LeastSquaresOptimizer.Optimum o;
    try {
      o = new LevenbergMarquardtOptimizer().optimize(problem(n, x, x[0] / n[0]));
    } catch (RuntimeException e) {
      return refused(pts, maxN, "not fitted: the optimizer did not converge (" + e.getMessage() + ")");
    }
    double l = o.getPoint().getEntry(0);
    double s = o.getPoint().getEntry(1);
    double k = o.getPoint().getEntry(2);
    double peak = k > 0 ? Math.sqrt((1 - s) / k) : Double.POSITIVE_INFINITY;
    if (!(peak > n[0] && peak < maxN)) {
      return refused(pts, maxN, String.format(java.util.Locale.ROOT, "not fitted: the measured concurrency (%s to %s) does not bracket the"
          + " peak (%s): extend the sweep past the point where throughput stops rising", fmt(n[0]), fmt(maxN),
          k > 0 ? "fitted at " + fmt(peak) : "none fitted, kappa 0"));
    }
    double[] ci = halfWidths(o, n, x, l, s, k);
    double r2 = r2(n, x, l, s, k);
    Double r2Rounded = Double.isNaN(r2) ? null : Math.round(r2 * 1000) / 1000.0;
    if (!(k - ci[2] > 0)) {
      // the data cannot tell kappa from 0: no falling throughput is established, so no peak is reported
      double best = pts.stream().mapToDouble(Capacity.Usl.Point::throughputRps).max().orElse(0);
      String note = String.format(java.util.Locale.ROOT, "closed-model sweep of %d concurrency steps; kappa's 95 %% interval includes 0, so"
          + " the sweep shows no falling throughput: no peak reported (the throughput levels off; the most measured was %s rps)", pts.size(),
          fmt(best));
      return new Capacity.Usl(round6(s), round6(k), round(l), r2Rounded, pts.size(), null, null, round(maxN), note, round6(ci[1]),
          round6(ci[2]), round(ci[0]), pts);
    }
    String note = "closed-model sweep of " + pts.size() + " concurrency steps; the peak lies within them";
    return new Capacity.Usl(round6(s), round6(k), round(l), r2Rounded, pts.size(),
        round(peak), round(throughput(l, s, k, peak)), round(maxN), note, round6(ci[1]), round6(ci[2]), round(ci[0]), pts);
  }

  private static Capacity.Usl refused(List<Capacity.Usl.Point> pts, double maxN, String why) {
    return new Capacity.Usl(null, null, null, null, pts.size(), null, null, round(maxN), why, null, null, null, pts);
  }

  /** Least squares of the law against the points, from lambda0 (the lowest step's throughput per request in flight). */
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

  /** Half-widths of the 95 % intervals of lambda, sigma, kappa: t(0.975, n - 3) times sqrt(residual variance x (J'J)^-1). */
  private static double[] halfWidths(LeastSquaresOptimizer.Optimum o, double[] n, double[] x, double l, double s, double k) {
    int dof = n.length - 3;
    double ssr = 0;
    for (int i = 0; i < n.length; i++) {
      double r = x[i] - throughput(l, s, k, n[i]);
      ssr += r * r;
    }
    RealMatrix j = o.getJacobian();
    RealMatrix cov;
    try {
      cov = new QRDecomposition(j.transpose().multiply(j), 1e-15).getSolver().getInverse().scalarMultiply(ssr / dof);
    } catch (RuntimeException e) {
      cov = MatrixUtils.createRealMatrix(3, 3).scalarAdd(Double.NaN);
    }
    double t = TDistribution.of(dof).inverseCumulativeProbability(0.975);
    return new double[] {t * Math.sqrt(cov.getEntry(0, 0)), t * Math.sqrt(cov.getEntry(1, 1)), t * Math.sqrt(cov.getEntry(2, 2))};
  }

  private static double r2(double[] n, double[] x, double l, double s, double k) {
    double mean = java.util.Arrays.stream(x).average().orElse(0);
    double ssTot = 0;
    double ssRes = 0;
    for (int i = 0; i < n.length; i++) {
      ssTot += (x[i] - mean) * (x[i] - mean);
      double r = x[i] - throughput(l, s, k, n[i]);
      ssRes += r * r;
    }
    return ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN;
  }

  private static String fmt(double v) {
    return dev.apexbench.reports.Fmt.plain(Math.round(v * 10) / 10.0);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
