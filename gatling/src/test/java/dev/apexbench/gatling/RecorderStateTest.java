package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injectors' recorders merge exactly: the merged histograms are the histograms of every recorded
 * value (not averaged percentiles), counts add up, and timelines are aligned by the recorders'
 * wall-clock starts.
 */
class RecorderStateTest {
  @TempDir Path dir;

  @Test
  void mergedHistogramsAndCountsAreExactlyThoseOfEveryResponse() throws Exception {
    Histogram every = LoadRecorder.newHistogram();
    List<Path> states = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    long requests = 0;
    SplittableRandom rnd = new SplittableRandom(7);
    for (int k = 0; k < 3; k++) {
      if (k == 2) {
        Thread.sleep(1_100); // this injector starts a second after the others: its timeline must shift by one
      }
      Path log = dir.resolve("load-" + k + ".hlog");
      LoadRecorder r = new LoadRecorder(log, 0);
      r.start();
      // injectors see different latencies: the merge must not average their percentiles
      int n = 200 + 100 * k;
      for (int i = 0; i < n; i++) {
        long at = r.arrival();
        long ms = 1 + rnd.nextInt(5 * (k + 1) * (k + 1));
        boolean ko = i % 50 == 0;
        r.record("GET /a", "simple", at, ms, ko ? 500 : 200, ko, "db;dur=0.5, total;dur=0.9", (ms + 1) * 1_000_000L);
        if (!ko) {
          every.recordValue(ms * 1_000_000L);
        }
        requests++;
      }
      r.close();
      Path state = dir.resolve("state-" + k + ".json");
      RecorderState.write(r, Map.of("injector", k, "injectors", 3), state);
      states.add(state);
      logs.add(log);
    }

    RecorderState.Merged m = RecorderState.merge(states, logs);
    LoadRecorder merged = m.recorder();
    LoadRecorder.Series a = merged.series().get(0);
    assertThat(a.requests).isEqualTo(requests);
    assertThat(merged.totalRequests()).isEqualTo(requests);
    assertThat(a.histogram.getTotalCount()).isEqualTo(every.getTotalCount());
    for (double p : new double[] {50, 90, 95, 99, 100}) {
      assertThat(a.histogram.getValueAtPercentile(p)).as("p" + p).isEqualTo(every.getValueAtPercentile(p));
    }
    assertThat(a.koByStatus).containsEntry("500", a.ko);
    assertThat(a.ko).isEqualTo(4 + 6 + 8);
    assertThat(a.phases.timed()).isEqualTo(every.getTotalCount());
    assertThat(merged.arrivals()).isEqualTo(requests);
    assertThat(merged.seconds().values().stream().mapToLong(s -> s.requests).sum()).isEqualTo(requests);
    assertThat(merged.seconds().values().stream().mapToLong(s -> s.sentByArrival).sum()).as("requests by their user's arrival, merged")
        .isEqualTo(requests);
    long[] starts = m.parts().stream().mapToLong(RecorderState.Stored::startEpochMs).toArray();
    for (int k = 0; k < 3; k++) {
      assertThat(m.offsetSeconds().get(k)).isEqualTo((int) Math.round((starts[k] - merged.startEpochMs()) / 1000.0));
    }
    assertThat(m.offsetSeconds().get(2)).as("the late injector's seconds are shifted").isPositive();
    assertThat(merged.seconds().keySet()).contains(m.offsetSeconds().get(2));
    assertThat(m.parts().get(1).plan()).containsEntry("injector", 1);

    // the interval logs add up to the same counts, second by second on the merged timeline
    LoadLog.Summary sum = LoadLog.read(logs, 1, merged.startEpochMs() / 1000.0);
    assertThat(sum.seconds().values().stream().mapToLong(LoadLog.SecondStats::ok).sum()).isEqualTo(every.getTotalCount());
    merged.seconds().forEach((sec, counts) -> assertThat(sum.seconds().get(sec).ok()).as("second " + sec)
        .isEqualTo(counts.requests - counts.ko));
    assertThat(sum.seconds().keySet()).isEqualTo(merged.seconds().keySet());
  }

  @Test
  void aFileThatIsNotAStateIsRefusedByName() throws Exception {
    Path bad = Files.writeString(dir.resolve("load-state.json"), "{\"format\": 99}");
    assertThatThrownBy(() -> RecorderState.peek(bad)).hasMessageContaining(bad.toString()).hasMessageContaining("format 1");
  }
}
