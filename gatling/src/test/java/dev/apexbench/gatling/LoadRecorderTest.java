package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recorder's accounting, without Gatling. */
class LoadRecorderTest {
  @Test
  void countsTimesFailuresAndWhyTheyFailed() {
    LoadRecorder r = new LoadRecorder();
    r.record("GET /x", "simple", 3L, 200, false);
    r.record("GET /x", "simple", 7L, 503, true);
    r.record("GET /x", "simple", null, null, true); // no response at all: counted, no time
    r.record("PUT /y", "write", 2L, 412, false);     // an expected 412 is not a failure
    r.arrival();
    LoadRecorder.Series x = r.series().get(0);
    assertThat(x.requests).isEqualTo(3);
    assertThat(x.ko).isEqualTo(2);
    assertThat(x.koByStatus).isEqualTo(Map.of("503", 1L, "no response", 1L));
    assertThat(x.histogram.getTotalCount()).as("only responses have a time").isEqualTo(2);
    assertThat(x.histogram.getMaxValue() / 1e6).isBetween(6.9, 7.1);
    assertThat(r.series().get(1).koByStatus).isEmpty();
    assertThat(r.totalRequests()).isEqualTo(4);
    assertThat(r.totalKo()).isEqualTo(2);
    assertThat(r.arrivals()).isEqualTo(1);
    assertThat(r.seconds().get(0).requests).isEqualTo(4);
    assertThat(r.seconds().get(0).maxMs).as("rolled up when read").isBetween(6.9, 7.1);
  }
}
