package dev.apexbench.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.reports.model.GeneratorHealth;
import dev.apexbench.reports.model.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The schedule and rate judgements of the load section, on synthetic arrivals: a perfect
 * generator with Gatling's randomized arrivals (N = rate x T users at uniformly random times), and
 * the same generator stalled, the way a GC pause or CPU starvation stalls it: the users due in the
 * stall start late, all at once, when it ends.
 */
class LoadMapperTest {
  static final double QUICK_RATE = 55;
  static final int QUICK_SECONDS = 60;
  static final double FULL_RATE = 110;
  static final int FULL_SECONDS = 300;

  static LoadPlan plan(double rate, int seconds) {
    return new LoadPlan("http://x", rate * 10 / 11, rate / 11, Duration.ofSeconds(seconds), List.of(), Map.of(), List.of(), null);
  }

  /** What the recorder would have seen: arrivals per second, the longest gaps, the last arrival. */
  record Arrivals(Map<Integer, LoadRecorder.Second> seconds, long count, List<GeneratorHealth.Span> gaps, double last) {}

  static Arrivals poisson(long seed, double rate, int seconds, double stallFrom, double stallSeconds) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = (int) (rate * seconds);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = rnd.nextDouble() * seconds;
      if (t[i] >= stallFrom && t[i] < stallFrom + stallSeconds) {
        t[i] = stallFrom + stallSeconds + rnd.nextDouble() * 0.005; // started late, nearly at once
      }
    }
    Arrays.sort(t);
    Map<Integer, LoadRecorder.Second> s = new TreeMap<>();
    List<GeneratorHealth.Span> gaps = new ArrayList<>();
    double prev = 0;
    for (double x : t) {
      s.computeIfAbsent((int) x, k -> new LoadRecorder.Second()).arrivals++;
      gaps.add(new GeneratorHealth.Span(prev, x, (x - prev) * 1000));
      prev = x;
    }
    gaps.sort(Comparator.comparingDouble(GeneratorHealth.Span::ms).reversed());
    return new Arrivals(s, n, gaps.subList(0, Math.min(64, gaps.size())), prev);
  }

  static Schedule judge(double rate, int seconds, Arrivals a) {
    return LoadMapper.schedule(plan(rate, seconds), a.seconds(), seconds, a.count(), a.gaps(), a.last());
  }

  @Test
  void aPerfectGeneratorWithRandomArrivalsKeepsTheSchedule() {
    int alarms = 0;
    for (long seed = 1; seed <= 200; seed++) {
      Schedule s = judge(QUICK_RATE, QUICK_SECONDS, poisson(seed, QUICK_RATE, QUICK_SECONDS, -1, 0));
      alarms += s.kept() ? 0 : 1;
    }
    assertThat(alarms).as("false alarms in 200 clean quick runs (expected about 0.02)").isLessThanOrEqualTo(1);
  }

  @Test
  void aTwoSecondStallIsCaughtInEveryRunAtTheQuickAndFullRates() {
    int caughtQuick = 0;
    int caughtFull = 0;
    for (long seed = 1; seed <= 50; seed++) {
      double at = 5 + new SplittableRandom(seed).nextDouble() * 50;
      caughtQuick += judge(QUICK_RATE, QUICK_SECONDS, poisson(seed, QUICK_RATE, QUICK_SECONDS, at, 2)).kept() ? 0 : 1;
      caughtFull += judge(FULL_RATE, FULL_SECONDS, poisson(seed, FULL_RATE, FULL_SECONDS, at * 5, 2)).kept() ? 0 : 1;
    }
    assertThat(caughtQuick).as("2 s stalls caught of 50 quick runs (the backlog check alone: 1 of 50)").isEqualTo(50);
    assertThat(caughtFull).as("2 s stalls caught of 50 full runs (the backlog check alone: 0 of 50)").isEqualTo(50);
  }

  @Test
  void theNoteNamesTheSecondsOfTheStall() {
    Schedule s = judge(QUICK_RATE, QUICK_SECONDS, poisson(7, QUICK_RATE, QUICK_SECONDS, 28, 2));
    assertThat(s.kept()).as(s.note()).isFalse();
    assertThat(s.lateGaps()).isNotEmpty();
    assertThat(s.lateGaps().get(0).startS()).isBetween(27.0, 28.5);
    assertThat(s.lateGaps().get(0).endS()).isBetween(29.9, 30.1);
    assertThat(s.note()).contains("did not keep the schedule").contains("no user started in 2");
  }

  @Test
  void aGeneratorThatStopsBeforeTheEndDoesNotKeepIt() {
    Arrivals a = poisson(3, QUICK_RATE, QUICK_SECONDS, -1, 0);
    Map<Integer, LoadRecorder.Second> cut = new TreeMap<>(a.seconds());
    cut.keySet().removeIf(t -> t >= 58);
    long count = cut.values().stream().mapToLong(x -> x.arrivals).sum();
    Schedule s = LoadMapper.schedule(plan(QUICK_RATE, QUICK_SECONDS), cut, QUICK_SECONDS, count,
        a.gaps().stream().filter(g -> g.endS() < 58).toList(), 57.99);
    assertThat(s.kept()).as("two silent seconds at the end: " + s.note()).isFalse();
  }

  @Test
  void theRequestsSentInTheWindowAreThoseOfItsUsersCountedInRequests() {
    // Gatling injects a little after the recorder's second 0: some users start in the second after the window; and a write
    // journey's user sends three requests
    Arrivals a = poisson(9, QUICK_RATE, QUICK_SECONDS, -1, 0);
    Map<Integer, LoadRecorder.Second> shifted = new TreeMap<>();
    long inWindow = 0;
    for (Map.Entry<Integer, LoadRecorder.Second> e : a.seconds().entrySet()) {
      LoadRecorder.Second x = new LoadRecorder.Second();
      x.arrivals = e.getValue().arrivals;
      x.sentByArrival = e.getValue().arrivals + 2 * (e.getValue().arrivals / 10); // one user in ten a three-request journey
      inWindow += x.sentByArrival;
      shifted.put(e.getKey(), x);
    }
    LoadRecorder.Second late = new LoadRecorder.Second();
    late.arrivals = 17;
    late.sentByArrival = 21;
    shifted.put(QUICK_SECONDS, late);
    Schedule s = LoadMapper.schedule(plan(QUICK_RATE, QUICK_SECONDS), shifted, QUICK_SECONDS, a.count() + 17, a.gaps(), a.last());
    assertThat(s.sentInWindow()).as("the requests of the users of seconds 0 to %d, not of those after them, nor users", QUICK_SECONDS - 1)
        .isEqualTo(inWindow).isGreaterThan(a.count());
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
    LoadRecorder.Second justAfter = new LoadRecorder.Second();
    justAfter.requests = 3; // the first second after the window: a backlog draining, not kept up with
    s.put(10, justAfter);
    assertThat(LoadMapper.achievedRps(s, 10)).isEqualTo((100 - 4) / 10.0);
  }

  @Test
  void perIntervalAndWholeRunLatenciesFollowOneRoundingRule() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int k = 0; k < 300; k++) {
      org.HdrHistogram.Histogram h = dev.apexbench.gatling.LoadRecorder.newHistogram();
      int n = 1 + rnd.nextInt(200);
      for (int i = 0; i < n; i++) {
        // whole milliseconds from 1 ms to 60 s, as Gatling records them; above about 1.07 s a bucket spans several
        long ms = 1 + (long) Math.exp(rnd.nextDouble() * Math.log(60_000));
        h.recordValue(ms * 1_000_000L);
      }
      for (double pct : new double[] {50, 95, 99, 100}) {
        assertThat(dev.apexbench.gatling.LoadLog.wholeMs(h, pct)).as("p%s of %s", pct, h.getTotalCount())
            .isEqualTo(dev.apexbench.reports.Histograms.ms(h, pct));
      }
    }
  }
}
