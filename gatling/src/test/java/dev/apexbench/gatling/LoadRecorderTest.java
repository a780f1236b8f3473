package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's accounting and its interval log, without Gatling. */
class LoadRecorderTest {
  @TempDir Path dir;

  @Test
  void countsTimesFailuresAndWhyTheyFailed() {
    LoadRecorder r = new LoadRecorder();
    r.start();
    long arrived = r.arrival();
    r.record("GET /x", "simple", arrived, 3L, 200, false);
    r.record("GET /x", "simple", arrived, 7L, 503, true);
    r.record("GET /x", "simple", arrived, 30_000L, null, true); // no response: timed until it failed
    r.record("PUT /y", "write", arrived, 2L, 412, false);     // an expected 412 is not a failure
    LoadRecorder.Series x = r.series().get(0);
    assertThat(x.requests).isEqualTo(3);
    assertThat(x.ko).isEqualTo(2);
    assertThat(x.koByStatus).isEqualTo(Map.of("503", 1L, "no response", 1L));
    assertThat(x.histogram.getTotalCount()).as("successful requests only").isEqualTo(1);
    assertThat(x.all.getTotalCount()).as("every request, failures with their time to failure").isEqualTo(3);
    assertThat(x.all.getMaxValue() / 1e6).isBetween(29_990.0, 30_050.0);
    assertThat(r.series().get(1).koByStatus).isEmpty();
    assertThat(r.totalRequests()).isEqualTo(4);
    assertThat(r.totalKo()).isEqualTo(2);
    assertThat(r.arrivals()).isEqualTo(1);
    assertThat(r.seconds().get(0).requests).isEqualTo(4);
    assertThat(r.seconds().get(0).ko).isEqualTo(2);
    assertThat(r.seconds().get(0).sentByArrival).as("one user's four requests, in its arrival second").isEqualTo(4);
  }

  @Test
  void theIntervalLogHoldsEveryResponseAndReadsBackExactly() throws Exception {
    LoadRecorder r = new LoadRecorder(dir.resolve(LoadRecorder.HLOG), 0);
    r.start();
    for (int i = 1; i <= 200; i++) {
      long a = r.arrival();
      r.record("GET /projects/{id}", "composite", a, (long) (i % 20 + 1), 200, false);
      r.record("GET /payloads/search?has_key", "jsonb", a, 40L, i % 50 == 0 ? 503 : 200, i % 50 == 0);
    }
    r.hiccup(r.startNanos() + 1_000_000, 250_000_000); // a 250 ms pause of the generator
    r.end();
    r.close();
    LoadLog.Summary s = LoadLog.read(List.of(dir.resolve(LoadRecorder.HLOG)), 3600); // one interval holds the whole test
    long ok = s.seconds().values().stream().mapToLong(LoadLog.SecondStats::ok).sum();
    long ko = s.seconds().values().stream().mapToLong(LoadLog.SecondStats::ko).sum();
    assertThat(ok).as("every successful response is in the log").isEqualTo(396);
    assertThat(ko).isEqualTo(4);
    assertThat(s.intervals()).containsKeys("GET /projects/{id}", "GET /payloads/search?has_key");
    LoadLog.IntervalStats first = s.intervals().get("GET /projects/{id}").get(0);
    assertThat(first.count()).isEqualTo(200);
    assertThat(first.p50Ms()).as("whole milliseconds, as recorded").isEqualTo(10.0);
    assertThat(first.p95Ms()).isEqualTo(19.0);
    assertThat(s.seconds().get(0).maxHiccupMs()).isBetween(249.0, 251.0);
    assertThat(r.pauses()).hasSize(1);
    assertThat(r.hiccups().getMaxValue() / 1e6).isBetween(249.0, 251.0);
    assertThat(r.hiccups().getTotalCount()).as("jHiccup's expected-interval correction: the samples the pause swallowed")
        .isGreaterThan(200);
  }

  @Test
  void aHiccupAfterTheLastUserIsNotCounted() {
    LoadRecorder r = new LoadRecorder();
    r.start();
    r.end(); // Gatling builds its report next: not part of the load
    r.hiccup(System.nanoTime(), 900_000_000);
    assertThat(r.hiccupSamples()).isZero();
    assertThat(r.pauses()).isEmpty();
  }

  @Test
  void sweepStepsCountAResponseInTheStepItsUserArrivedIn() throws Exception {
    LoadRecorder r = new LoadRecorder(null, 1);
    r.start();
    long arrived = r.arrival();
    Thread.sleep(1100); // the response completes in the next step
    r.record("GET /x", "simple", arrived, 1100L, 200, false);
    assertThat(r.steps()).containsOnlyKeys(0);
  }

  @Test
  void tagsKeepNamesWithSpacesAndCommas() {
    String name = "GET /a, b %20 c";
    assertThat(LoadRecorder.encode(name)).doesNotContain(" ").doesNotContain(",");
    assertThat(LoadRecorder.decode(LoadRecorder.encode(name))).isEqualTo(name);
  }
}
