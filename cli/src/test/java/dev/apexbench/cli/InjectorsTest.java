package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load from several injector JVMs, merged: the distributed path, run on this machine. One api;
 * the same total rate from one injector and from three; the merge adds the injectors' histograms
 * exactly; `bench merge` refuses runs that are not injectors of one run (a killed injector: {@link
 * InjectorKilledTest}).
 */
@RealServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SHAPE = {"--profile", "smoke", "--simulation", "full", "--rate", "30", "--duration", "6s"};

  @TempDir Path logs;
  private ApiProcess api;

  @BeforeAll
  void api() throws Exception {
    api = seededApi();
  }

  /** The api on the test server, seeded at scale 0.1 (--reset: another test class may have left another dataset there). */
  static ApiProcess seededApi() throws Exception {
    PgServer pg = TestPostgres.server();
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) pg).port() + "/postgres";
    CliRun seed = CliRun.of("seed", "--scale", "0.1", "--db", url, "--reset");
    assertThat(seed.exitCode()).as(seed.err()).isZero();
    return ApiProcess.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults().withPool(10, 30_000),
        Files.createTempFile("apex-api", ".log"));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void threeInjectorsMergeExactlyAndMatchOneAtTheSameTotalRate() throws Exception {
    CliRun one = CliRun.of(args("load", "--target-url", api.baseUrl()));
    assertThat(one.exitCode()).as(one.err()).isIn(0, 1);
    Path oneRun = latest();
    JsonNode single = results(oneRun);

    CliRun three = CliRun.of(args("load", "--target-url", api.baseUrl(), "--injectors", "3"));
    assertThat(three.exitCode()).as(three.err()).isIn(0, 1);
    Path threeRun = latest();
    JsonNode merged = results(threeRun);
    JsonNode injectors = merged.get("load").get("injectors");
    assertThat(injectors).hasSize(3);
    long sumOfParts = 0;
    for (int k = 0; k < 3; k++) {
      JsonNode i = injectors.get(k);
      assertThat(i.get("index").asInt()).isEqualTo(k);
      assertThat(i.get("status").asText()).isEqualTo("ok");
      Path dir = threeRun.resolve(i.get("run").asText());
      assertThat(dir.resolve("load.hlog")).as("the run keeps each injector's interval log").isRegularFile();
      JsonNode part = results(dir);
      assertThat(part.get("load").get("injectors").get(0).get("index").asInt()).isEqualTo(k);
      sumOfParts += part.get("load").get("total").get("requests").asLong();
      assertThat(i.get("requests").asLong()).isEqualTo(part.get("load").get("total").get("requests").asLong());
    }
    long n3 = merged.get("load").get("total").get("requests").asLong();
    assertThat(n3).as("the merged count is the sum of the parts, exactly").isEqualTo(sumOfParts);
    assertThat(merged.get("load").get("total").get("histogram_ns").asText()).isNotBlank();

    // the same total rate: counts within Poisson noise (5 standard deviations of the difference)
    long n1 = single.get("load").get("total").get("requests").asLong();
    assertThat((double) Math.abs(n1 - n3)).as("1 injector %d requests, 3 injectors %d", n1, n3).isLessThan(5 * Math.sqrt(n1 + n3) + 5);
    // the same stack answered: medians of the same order (a unit or averaging mistake in the merge is a factor, not noise)
    double p1 = single.get("load").get("total").get("p50_ms").asDouble();
    double p3 = merged.get("load").get("total").get("p50_ms").asDouble();
    assertThat(Math.max(p1, p3)).as("p50 1 injector %s ms, 3 injectors %s ms", p1, p3).isLessThanOrEqualTo(4 * Math.max(1, Math.min(p1, p3)));

    // bench merge of the same injector runs gives the same counts; a run of another shape is refused in one line
    CliRun merge = CliRun.of("merge", threeRun.resolve("injectors").toString());
    assertThat(merge.exitCode()).as(merge.err()).isIn(0, 1);
    JsonNode again = results(latest());
    assertThat(again.get("run").get("command").asText()).isEqualTo("merge");
    assertThat(again.get("load").get("total").get("requests").asLong()).isEqualTo(n3);
    assertThat(again.get("load").get("total").get("histogram_ns").asText())
        .isEqualTo(merged.get("load").get("total").get("histogram_ns").asText());

    CliRun mixed = CliRun.of("merge", threeRun.resolve("injectors").toString(), oneRun.toString());
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.errorLines().lines()).hasSize(1);
    assertThat(mixed.errorLines()).contains("not injectors of one run").contains("--force");
  }

  @Test
  void injectorOptionsThatDoNotCombineAreOneLine() {
    for (String[] bad : List.of(
        new String[] {"load", "--injector", "0/3", "--profile", "smoke"},
        new String[] {"run", "--injector", "0/3", "--profile", "smoke"},
        new String[] {"load", "--injector", "3/3", "--target-url", "http://127.0.0.1:1"},
        new String[] {"load", "--start-at", "2030-01-01T00:00:00Z", "--profile", "smoke"},
        new String[] {"load", "--injectors", "1"},
        new String[] {"load", "--injectors", "2", "--simulation", "point"},
        new String[] {"load", "--injector", "0/2", "--target-url", "http://127.0.0.1:1", "--start-at", "2020-01-01T00:00:00Z"})) {
      CliRun r = CliRun.of(bad);
      assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.errorLines().lines()).as(r.err()).hasSize(1);
    }
  }

  /** A process's arguments from /proc (ProcessHandle.Info leaves out long command lines such as a test JVM's classpath). */
  static String[] commandLine(ProcessHandle h) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")), java.nio.charset.StandardCharsets.UTF_8)
          .split("\0");
    } catch (java.io.IOException e) {
      return new String[0];
    }
  }

  static String[] args(String... first) {
    return Stream.concat(Stream.of(first), Stream.of(SHAPE)).toArray(String[]::new);
  }

  static Path latest() throws Exception {
    return CliRun.HOME.resolve("reports").resolve(Files.readSymbolicLink(CliRun.HOME.resolve("reports/latest")));
  }

  static JsonNode results(Path run) throws Exception {
    return JSON.readTree(run.resolve("results.json").toFile());
  }
}
