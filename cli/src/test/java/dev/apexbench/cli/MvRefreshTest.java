package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The materialized view refreshed on a schedule during a load, and the reads measured against it. */
@RealServer
class MvRefreshTest {

  @Test
  void refreshesRunDuringTheLoadAndEveryAggregationReadFallsInOneOfTheTwoWindows(@TempDir Path out) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + ((EmbeddedServer) TestPostgres.server()).port() + "/postgres";
    assertThat(CliRun.of("seed", "--scale", "1", "--db", url, "--reset").exitCode()).isZero();
    CliRun r = CliRun.of("load", "--db", url, "--profile", "smoke", "--duration", "10s", "--mv-refresh", "2s", "--out", out.toString());
    assertThat(r.err()).contains("refreshes of");
    JsonNode load = new ObjectMapper().readTree(out.resolve("latest/results.json").toFile()).get("load");
    JsonNode mv = load.get("mv_refresh");
    assertThat(mv.get("every_seconds").asLong()).isEqualTo(2);
    assertThat(mv.get("refreshes").asInt()).as("about five in 10 s").isGreaterThanOrEqualTo(2);
    for (JsonNode x : mv.get("refresh_list")) {
      assertThat(x.get("error").isNull()).as(x.toString()).isTrue();
      assertThat(x.get("duration_ms").asDouble()).isPositive();
    }
    long aggregationOk = 0;
    for (JsonNode e : load.get("endpoints")) {
      if (e.get("group").asText().equals("aggregation")) {
        aggregationOk += e.get("requests").asLong() - e.get("ko").asLong();
      }
    }
    long during = mv.get("during").isNull() ? 0 : mv.get("during").get("requests").asLong();
    long outside = mv.get("outside").isNull() ? 0 : mv.get("outside").get("requests").asLong();
    assertThat(during + outside).as("every successful aggregation read is in one window").isEqualTo(aggregationOk);
    assertThat(mv.get("staleness_max_seconds").asDouble()).isGreaterThanOrEqualTo(mv.get("staleness_p50_seconds").asDouble());
    double longestRefresh = 0;
    for (JsonNode x : mv.get("refresh_list")) {
      longestRefresh = Math.max(longestRefresh, x.get("duration_ms").asDouble() / 1000);
    }
    // the view is refreshed before the window and every 2 s in it: no read sees it older than the
    // schedule, a refresh in flight and the second the age is measured at (plus a late wake-up)
    assertThat(mv.get("staleness_max_seconds").asDouble()).isLessThanOrEqualTo(2 + longestRefresh + 1 + 2);
    JsonNode pool = load.get("pool");
    assertThat(pool.get("samples").asInt()).as("the api's pool sampled about once a second").isGreaterThanOrEqualTo(3);
    assertThat(pool.get("max").asDouble()).isEqualTo(10);
    assertThat(pool.get("utilization_max_pct").asDouble()).isBetween(0.0, 100.0);
    assertThat(pool.get("timeline")).hasSize(pool.get("samples").asInt());
  }

  @Test
  void withoutTheDatabaseItIsOneClearLine() {
    CliRun r = CliRun.of("load", "--target-url", "http://127.0.0.1:9", "--mv-refresh", "30s");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--mv-refresh").contains("needs the database");
  }
}
