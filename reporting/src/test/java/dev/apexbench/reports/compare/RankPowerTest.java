package dev.apexbench.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.junit.jupiter.api.Test;

/** The power simulation behind "can see": its rank test against Commons Statistics', and its power against a known one. */
class RankPowerTest {

  @Test
  void theFastRankTestAgreesWithCommonsStatisticsOnTiedData() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int k = 0; k < 200; k++) {
      int n1 = 3 + rnd.nextInt(20);
      int n2 = 3 + rnd.nextInt(20);
      double[] x = new double[n1];
      double[] y = new double[n2];
      for (int i = 0; i < n1; i++) {
        x[i] = rnd.nextInt(12); // whole milliseconds: ties, as the load's values have them
      }
      for (int i = 0; i < n2; i++) {
        y[i] = rnd.nextInt(12) + rnd.nextInt(3);
      }
      double commons = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC).test(x, y).getPValue();
      double z = SubjectComparison.rankZ(x, y);
      double ours = 2 * (1 - NormalDistribution.of(0, 1).cumulativeProbability(z));
      assertThat(ours).as("n %d vs %d", n1, n2).isCloseTo(commons, within(1e-9));
    }
  }

  @Test
  void thePowerFoundIsThePowerDelivered() {
    // normal units, sd 10 % of the mean, 12 vs 12 at a level of 0.01 / 20: the shift found for 80 % power, applied to fresh
    // samples from the same distribution, is detected in about 80 % of them (no fewer than 70 % of 400)
    SplittableRandom rnd = new SplittableRandom(11);
    double a = 0.01 / 20;
    double[] x = normal(rnd, 12);
    double[] y = normal(rnd, 12);
    double r = SubjectComparison.smallestShift(x, y, a, 3);
    assertThat(r).isBetween(0.05, 0.5);
    int hits = 0;
    int trials = 400;
    for (int t = 0; t < trials; t++) {
      double[] b = normal(rnd, 12);
      double[] c = normal(rnd, 12);
      for (int i = 0; i < c.length; i++) {
        c[i] *= 1 + r;
      }
      double p = MannWhitneyUTest.withDefaults().test(b, c).getPValue();
      hits += p < a ? 1 : 0;
    }
    System.out.printf("power simulation: shift %.3f for 80 %%, delivered %d of %d%n", r, hits, trials);
    assertThat(hits / (double) trials).as("shift %.3f", r).isBetween(0.7, 0.95);
  }

  @Test
  void onWholeMillisecondTailValuesThePowerFoundIsThePowerDelivered() {
    // what a load's units look like: each second's p95 of 20 exponential responses of mean 10 ms, in whole milliseconds
    // (heavy-tailed, tied); 12 vs 12 at a level of 0.01 / 20. Fresh runs slowed by the shift found are detected in no
    // fewer than 70 % of 400 (the simulation resamples what it saw, so it can err either way here: this holds it)
    SplittableRandom rnd = new SplittableRandom(13);
    double a = 0.01 / 20;
    double r = SubjectComparison.smallestShift(p95s(rnd, 12, 1), p95s(rnd, 12, 1), a, 5);
    assertThat(r).isBetween(0.05, 3.0);
    int hits = 0;
    int trials = 400;
    for (int t = 0; t < trials; t++) {
      double p = MannWhitneyUTest.withDefaults().test(p95s(rnd, 12, 1), p95s(rnd, 12, 1 + r)).getPValue();
      hits += p < a ? 1 : 0;
    }
    System.out.printf("power simulation, whole-ms p95s: shift %.3f for 80 %%, delivered %d of %d%n", r, hits, trials);
    assertThat(hits / (double) trials).as("shift %.3f", r).isGreaterThanOrEqualTo(0.7);
  }

  /** n seconds' p95 of 20 exponential responses of mean 10 ms times {@code factor}, each rounded to a whole millisecond. */
  private static double[] p95s(SplittableRandom rnd, int n, double factor) {
    double[] v = new double[n];
    double[] second = new double[20];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < second.length; k++) {
        second[k] = Math.round(-10 * factor * Math.log(1 - rnd.nextDouble()) + 1);
      }
      java.util.Arrays.sort(second);
      v[i] = second[18];
    }
    return v;
  }

  private static double[] normal(SplittableRandom rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = 1 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      v[i] = 100 + 10 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    return v;
  }
}
