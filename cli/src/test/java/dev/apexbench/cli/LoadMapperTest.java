package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.LoadRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The schedule and rate judgements of the load section, on synthetic seconds. */
class LoadMapperTest {
  static final double RATE = 55;
  static final int SECONDS = 60;

  static LoadPlan plan() {
    return new LoadPlan("http://x", 50, 5, Duration.ofSeconds(SECONDS), List.of(), Map.of(), List.of(), null);
  }

  /** Arrivals of a perfect generator: N = rate x T users at uniformly random times (Gatling's randomized()). */
  static Map<Integer, LoadRecorder.Second> poisson(long seed, int stallFrom, int stallSeconds) {
    Map<Integer, LoadRecorder.Second> s = new TreeMap<>();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < RATE * SECONDS; i++) {
      int t = (int) (rnd.nextDouble() * SECONDS);
      if (t >= stallFrom && t < stallFrom + stallSeconds) {
        t = stallFrom + stallSeconds; // a stalled generator starts them late, all at once
      }
      s.computeIfAbsent(t, k -> new LoadRecorder.Second()).arrivals++;
    }
    return s;
  }

  @Test
  void aPerfectGeneratorWithRandomArrivalsKeepsTheSchedule() {
    for (long seed = 1; seed <= 30; seed++) {
      LoadMapper.Schedule s = LoadMapper.schedule(plan(), poisson(seed, -1, 0), SECONDS, (long) (RATE * SECONDS));
      assertThat(s.kept()).as("seed " + seed + ": " + s.note()).isTrue();
    }
  }

  @Test
  void aGeneratorStalledForFiveSecondsDoesNot() {
    LoadMapper.Schedule s = LoadMapper.schedule(plan(), poisson(7, 28, 5), SECONDS, (long) (RATE * SECONDS));
    assertThat(s.kept()).as(s.note()).isFalse();
    assertThat(s.note()).contains("could not keep the scheduled rate");
  }

  @Test
  void achievedCountsOnlySuccessfulResponsesThatCameInTime() {
    Map<Integer, LoadRecorder.Second> s = new TreeMap<>();
    for (int t = 0; t < 10; t++) {
      LoadRecorder.Second x = new LoadRecorder.Second();
      x.requests = 10;
      x.ko = t == 5 ? 4 : 0;
      s.put(t, x);
    }
    LoadRecorder.Second late = new LoadRecorder.Second();
    late.requests = 50; // a backlog draining 5 s after the window
    s.put(15, late);
    LoadRecorder.Second grace = new LoadRecorder.Second();
    grace.requests = 3; // within the grace period
    s.put(11, grace);
    assertThat(LoadMapper.achievedRps(s, 10)).isEqualTo((100 - 4 + 3) / 10.0);
  }
}
