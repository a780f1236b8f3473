package dev.apexbench.harness.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.RealServer;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.harness.distributed.InjectorSlot;
import dev.apexbench.harness.distributed.MergeRun;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.LoadRun;
import dev.apexbench.harness.load.Simulation;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.TestWorkspace;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.FileInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench merge held against an independent answer: HdrHistogram's own {@link HistogramLogReader}
 * over the injectors' interval logs, every successful response's histogram added with {@code
 * Histogram.add}. The merged run's percentiles must be those, exactly, at p50, p90, p99, p99.9 and
 * the maximum; and with the shipped targets, the api's pool (sampled by every injector) is judged,
 * not failed as unmeasured.
 */
@RealServer
class MergeKnownAnswerTest {
  static final DatasetSpec DATA = new DatasetSpec(new BigDecimal("0.1"), 42);

  @TempDir Path home;

  @Test
  void theMergedPercentilesAreThoseOfHdrHistogramsLogReaderOverTheInjectorsLogs() throws Exception {
    Targets shipped = Targets.load(Path.of("..", "targets.yaml"));
    Workspace ws = new TestWorkspace(home).workspace();
    try (ReferenceServer server = ReferenceServer.start(ReferenceSettings.of(4, Duration.ofMillis(3), DATA).exponentialService())) {
      for (int k = 0; k < 3; k++) {
        LoadRequest req = new LoadRequest(Profile.SMOKE, 30.0, Duration.ofSeconds(3), null, Simulation.FULL, 8, false,
            URI.create(server.baseUrl()), 10, new InjectorSlot(k, 3), null, null, null, true, Duration.ofSeconds(1));
        LoadRun.run(ws, null, DATA, req, shipped, home.resolve("injectors").resolve(Integer.toString(k)));
      }
    }
    Results merged = MergeRun.run(ws, List.of(home.resolve("injectors")), false, shipped, home.resolve("merged"));

    Histogram reader = new Histogram(3);
    reader.setAutoResize(true);
    List<Path> logs;
    try (Stream<Path> s = Files.walk(home.resolve("injectors"))) {
      logs = s.filter(p -> p.getFileName().toString().equals(LoadRecorder.HLOG)).toList();
    }
    assertThat(logs).hasSize(3);
    for (Path log : logs) {
      try (InputStream in = new FileInputStream(log.toFile())) {
        HistogramLogReader r = new HistogramLogReader(in);
        for (EncodableHistogram h = r.nextIntervalHistogram(); h != null; h = r.nextIntervalHistogram()) {
          if (h.getTag() != null && h.getTag().startsWith(LoadRecorder.TAG_OK)) {
            reader.add((Histogram) h);
          }
        }
      }
    }
    Endpoint total = merged.load().total();
    Histogram ours = Histograms.decode(total.histogramNs(), "total");
    assertThat(ours.getTotalCount()).as("every successful response, once").isEqualTo(reader.getTotalCount()).isPositive();
    for (double p : new double[] {50, 90, 99, 99.9}) {
      assertThat(ours.getValueAtPercentile(p)).as("p%s", p).isEqualTo(reader.getValueAtPercentile(p));
    }
    assertThat(ours.getMaxValue()).isEqualTo(reader.getMaxValue());
    assertThat(total.p50Ms()).isEqualTo(Histograms.ms(reader, 50));
    assertThat(total.p99Ms()).isEqualTo(Histograms.ms(reader, 99));
    assertThat(total.maxMs()).isEqualTo(Histograms.ms(reader, 100));

    assertThat(merged.load().pool()).as("the pool as the injectors sampled it").isNotNull();
    assertThat(merged.load().pool().samples()).isGreaterThanOrEqualTo(3);
    assertThat(merged.targets()).filteredOn(t -> t.name().equals("load pool pool_utilization_p95_pct"))
        .singleElement().satisfies(t -> assertThat(t.actual()).as("judged, not unmeasured").isNotNull());
  }
}
