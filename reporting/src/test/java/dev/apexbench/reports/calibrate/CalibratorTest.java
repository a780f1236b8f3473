package dev.apexbench.reports.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.Json;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.compare.MinEffects;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Iterations;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.schema.PublishedSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration's arithmetic against answers known from how the runs were built. */
class CalibratorTest {
  /** Run r of K: one query whose every iteration sits at 1 ms x (1 + spread x z_r), z_r evenly spaced and centred. */
  static List<Results> runs(int k, double spread) {
    List<Results> out = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      double z = r - (k - 1) / 2.0;
      double v = 1.0 * (1 + spread * z);
      List<Double> p50 = new ArrayList<>();
      List<Long> n = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        p50.add(v * (1 + 0.001 * (i - 4.5))); // a little spread within the run, the same in every run
        n.add(1000L);
      }
      QueryResult q = new QueryResult("simple.a", "simple", null, "SELECT 1", null, null, 1, 10_000L, v, v, v, v, v, v, v, null, null, null,
          null, null, new Iterations(1, n, p50, p50, p50));
      out.add(Fixtures.results(List.of(q), null, null));
    }
    return out;
  }

  static Calibration.MetricSpread metric(Calibration c, String m) {
    return c.metrics().stream().filter(x -> x.metric().equals(m)).findFirst().orElseThrow();
  }

  @Test
  void theSpreadAndTheRecommendationFollowFromTheRunsAsBuilt() {
    int k = 8;
    double spread = 0.01; // z = -3.5 .. 3.5: sample sd of z is sqrt(6) for 8 evenly spaced values
    Calibration c = Calibrator.calibrate(runs(k, spread), CompareOptions.defaults(), 1);
    Calibration.MetricSpread p50 = metric(c, "p50_ms");
    double cv = spread * Math.sqrt(6); // mean 1
    assertThat(p50.cvPct()).isCloseTo(100 * cv, within(0.001));
    // chi-squared 10 % quantile at 7 degrees of freedom: 2.8331 (tables)
    assertThat(p50.cvUpperPct()).isCloseTo(100 * cv * Math.sqrt(7 / 2.8331), within(0.01));
    // two latency metrics (p50, p95), 1 % per comparison: z(1 - 0.005) = 2.5758
    assertThat(p50.recommendedMinEffectPct()).isCloseTo(100 * 2.5758 * Math.sqrt(2) * cv * Math.sqrt(7 / 2.8331), within(0.05));
    assertThat(c.pairs()).isEqualTo(28);
    assertThat(c.disjointPairs()).isEqualTo(4);
    assertThat(c.runs()).isEqualTo(8);
  }

  @Test
  void runsFurtherApartThanTheMinimumEffectAreFalseAlarmsAndTheBoundIsClopperPearsons() {
    Calibration quiet = Calibrator.calibrate(runs(6, 0.005), CompareOptions.defaults(), 1);
    assertThat(quiet.gate().flagged()).as("2.5 %% apart at most: under the 15 %% minimum effect").isZero();
    // no alarm in 3 independent comparisons: the upper bound is 1 - 0.05^(1/3)
    assertThat(quiet.gate().upper95Pct()).isCloseTo(100 * (1 - Math.pow(0.05, 1 / 3.0)), within(0.01));
    Calibration drifting = Calibrator.calibrate(runs(6, 0.08), CompareOptions.defaults(), 1);
    // runs 8 % apart each: pairs 2 or more apart differ by 16 % or more, all significant with 10 identical iterations: 10 of 15
    assertThat(metric(drifting, "p50_ms").falseAlarms()).isEqualTo(10);
    assertThat(drifting.gate().flagged()).as("regressions only: pair i < j is slower in j").isEqualTo(10);
    assertThat(metric(drifting, "p50_ms").recommendedMinEffectPct()).as("wider than the default that raised them").isGreaterThan(15);
    assertThat(Calibrator.clopperPearsonUpper(0, 4)).isCloseTo(1 - Math.pow(0.05, 0.25), within(1e-9));
    assertThat(Calibrator.clopperPearsonUpper(4, 4)).isEqualTo(1);
  }

  @Test
  void itsMinimumEffectsReplaceTheGlobalOnesAndTheFileConformsToItsSchema(@TempDir Path dir) {
    Calibration c = Calibrator.calibrate(runs(4, 0.01), CompareOptions.defaults(), 1).withSummary("s");
    MinEffects m = CalibrationIO.minEffects(c, "cal.json");
    assertThat(m.effects()).containsKey(MinEffects.key("simple.a", "p95_ms"));
    assertThat(CompareOptions.defaults().withCalibration(m).effectFor("simple.a", "p95_ms").from()).isEqualTo("cal.json");
    assertThat(CompareOptions.defaults().withCalibration(m).effectFor("simple.b", "p95_ms").from()).isEqualTo("--min-effect");
    Path file = CalibrationIO.write(dir, c);
    assertThat(PublishedSchemas.errors("calibration.v1.schema.json", file)).isEmpty();
    assertThat(CalibrationIO.read(dir).metrics()).hasSameSizeAs(c.metrics());
    assertThat(CalibrationIO.mismatches(c, runs(1, 0).get(0))).isEmpty();
    Results other = Fixtures.results(Fixtures.run("smoke", 1, List.of(), java.util.Map.of("shared_buffers", "256MB")), List.of(), null, null);
    assertThat(CalibrationIO.mismatches(c, other)).singleElement().asString().startsWith("profile (quick vs smoke)");
    assertThat(Json.MAPPER.valueToTree(c).has("comparability_key")).isTrue();
  }
}
