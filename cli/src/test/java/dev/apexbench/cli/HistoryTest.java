package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.reports.Fixtures;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.model.Iterations;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench history over stored runs: grouped by comparable identity, trends, and the change points the comparison finds. */
class HistoryTest {

  static QueryResult query(String name, double p50, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      double f = 1 + 0.02 * (rnd.nextDouble() - 0.5);
      a.add(p50 * f);
      b.add(1.5 * p50 * f);
    }
    List<Long> samples = a.stream().map(x -> 1000L).toList();
    return new QueryResult(name, "jsonb", null, null, null, null, 1, 10_000L, p50, p50, null, 1.5 * p50, null, null, null, null, null, null,
        null, null, new Iterations(1, samples, a, a, b));
  }

  static void store(Path root, String id, String startedAt, int scale, double p50) {
    RunInfo base = Fixtures.run("quick", scale, List.of(), java.util.Map.of("shared_buffers", "256MB"));
    RunInfo run = new RunInfo(id, "jmh", startedAt, startedAt, base.profile(), base.scale(), base.seed(), base.schemaVariant(),
        base.schemaVersion(), "abc1234", false, base.settings(), base.machine(), base.db(), base.jdbc(), base.phases(), null);
    Results r = Fixtures.results(run, List.of(query("jsonb.path_range", p50, id.hashCode())), null, null).withTargets(List.of(), "pass");
    ResultsIO.write(root.resolve(id), r);
  }

  @Test
  void runsOfOneIdentityFormATrendAndADoublingIsFlaggedWhereItHappened(@TempDir Path root) throws Exception {
    store(root, "r1", "2026-11-01T10:00:00Z", 1, 40);
    store(root, "r2", "2026-11-02T10:00:00Z", 1, 40.4);
    store(root, "r3", "2026-11-03T10:00:00Z", 1, 80);
    store(root, "other-scale", "2026-11-02T12:00:00Z", 10, 400);
    Files.createDirectories(root.resolve("broken"));
    Files.writeString(root.resolve("broken/results.json"), "{ not json");
    CliRun r = CliRun.of("history", "--out", root.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 runs read (1 unreadable), 2 comparable groups");
    JsonNode h = new ObjectMapper().readTree(root.resolve("history/history.json").toFile());
    JsonNode scale1 = null;
    for (JsonNode g : h.get("groups")) {
      if (g.get("identity").asText().contains("scale 1 ")) {
        scale1 = g;
      }
    }
    assertThat(scale1.get("runs")).hasSize(3);
    JsonNode p50 = null;
    for (JsonNode s : scale1.get("series")) {
      if (s.get("subject").asText().equals("jsonb.path_range") && s.get("metric").asText().equals("p50_ms")) {
        p50 = s;
      }
    }
    assertThat(p50.get("values").get(2).asDouble()).isEqualTo(80.0);
    assertThat(p50.get("changes")).as("no change between r1 and r2; a regression at r3").hasSize(1);
    assertThat(p50.get("changes").get(0).get("run_index").asInt()).isEqualTo(2);
    assertThat(p50.get("changes").get(0).get("verdict").asText()).isEqualTo("regression");
    assertThat(Files.readString(root.resolve("history/index.html"))).contains("Run history").contains("▲");
  }

  @Test
  void fewerThanTwoRunsPerGroupIsOneClearLine() {
    CliRun r = CliRun.of("history", "--last", "1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--last: 1 is not allowed");
  }
}
