package dev.apexbench.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A comparison says when some latencies could not have been called a regression at all. */
class BlindNoteTest {
  static MetricChange m(String subject, String metric, Double p, Double detectableMs) {
    return new MetricChange(subject, metric, 1, 15, 1400, null, null, p, "t", Comparison.NO_CHANGE, p == null ? null : 0.016, 10, 10,
        "JMH iteration", detectableMs, detectableMs);
  }

  @Test
  void tested_latencies_that_can_see_nothing_are_named_once() {
    List<MetricChange> metrics = List.of(m("simple.a", "p50_ms", 1.8e-4, null), m("simple.a", "p95_ms", 1.8e-4, null),
        m("simple.b", "p95_ms", 1e-3, 0.2), m("simple.c", "blocks_per_call", null, null), m("simple.d", "p95_ms", null, null));
    assertThat(Comparator.blindNote(metrics, 90, 0.01)).get().asString()
        .startsWith("1 subject(s) cannot show a latency regression").contains("Holm's level 0.00011 over 90 tested metrics")
        .contains("e.g. simple.a;");
    assertThat(Comparator.blindNote(List.of(m("simple.b", "p95_ms", 1e-3, 0.2)), 2, 0.01)).isEmpty();
  }
}
