package dev.apexbench.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.History;
import dev.apexbench.reports.model.Intervals;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History groups only runs bench compare would compare without --force, and finds changes on groups and the total too. */
class HistoryBuilderTest {
  @TempDir Path root;

  static Endpoint withIntervals(String name, String group, double p95, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Double> p50 = new ArrayList<>();
    List<Double> p95s = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      p50.add(Math.round(p95 / 2 * (1 + 0.04 * (rnd.nextDouble() - 0.5))) * 1.0);
      p95s.add(Math.round(p95 * (1 + 0.04 * (rnd.nextDouble() - 0.5))) * 1.0);
    }
    return new Endpoint(name, group, 720, 0, 12, p95 / 2, p95 / 2, p95, p95, p95, null, Map.of(), null,
        new Intervals(5, IntStream.range(0, 12).boxed().toList(), java.util.Collections.nCopies(12, 60L), p50, p95s));
  }

  void store(String id, String day, double rate, double p95) throws Exception {
    RunInfo base = Fixtures.run("quick", 1, List.of(), Map.of("shared_buffers", "256MB"));
    Map<String, Object> settings = new LinkedHashMap<>(base.settings());
    settings.put("load_read_rate_users_per_sec", rate);
    RunInfo run = new RunInfo(id, "load", day, day, base.profile(), base.scale(), base.seed(), base.schemaVariant(), base.schemaVersion(),
        "abc", false, settings, base.machine(), base.db(), base.jdbc(), base.phases(), null);
    Endpoint e = withIntervals("GET /a", "simple", p95, id.hashCode());
    Endpoint group = withIntervals("simple", "simple", p95, id.hashCode() + 1);
    Endpoint total = withIntervals("total", "all", p95, id.hashCode() + 2);
    Load l = Fixtures.load(70, 70, List.of(e));
    l = new Load(l.profile(), l.simulation(), l.targetUrl(), l.durationSeconds(), l.scheduledRps(), l.achievedRps(), l.rateKept(), l.rateNote(),
        total, l.endpoints(), l.timeline(), null, 0, 0.0, List.of(), null, null).withGroups(List.of(group));
    Results r = Fixtures.results(run, List.of(), l, null).withTargets(List.of(), "pass");
    ResultsIO.write(root.resolve(id), r);
  }

  @Test
  void runsAtAnotherRateAreNotComparedAndAGroupsAndTheTotalsChangesAreFound() throws Exception {
    store("r1", "2026-11-01T10:00:00Z", 50, 20);
    store("r2", "2026-11-02T10:00:00Z", 50, 20);
    store("r3", "2026-11-03T10:00:00Z", 50, 40);
    store("other-rate", "2026-11-02T12:00:00Z", 100, 60);
    History h = HistoryBuilder.history(root, 20, null);
    assertThat(h.groups()).as("the run at another rate is its own group").hasSize(2);
    History.Group g = h.groups().stream().filter(x -> x.runs().size() == 3).findFirst().orElseThrow();
    for (String subject : List.of("load simple", "load total")) {
      History.Series s = g.series().stream().filter(x -> x.subject().equals(subject) && x.metric().equals("p95_ms")).findFirst().orElseThrow();
      assertThat(s.changes()).as(subject).hasSize(1);
      assertThat(s.changes().get(0).runIndex()).isEqualTo(2);
      assertThat(s.changes().get(0).verdict()).isEqualTo("regression");
    }
  }
}
