package dev.apexbench.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.api.ApiServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import io.gatling.core.config.GatlingConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short full-stack Gatling run: every route and write step recorded, nothing failed, report kept. */
@RealServer
class LoadRunTest {
  @TempDir Path runDir;

  @Test
  void shortRunRecordsEveryEndpointAndKeepsGatlingsReport() throws Exception {
    PgServer pg = LoadTestSupport.seeded();
    long projectsBefore = count(pg, "SELECT count(*) FROM projects");
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), LoadTestSupport.api())) {
      LoadPlan plan = LoadTestSupport.plan(api.baseUrl(), 40, 4, Duration.ofSeconds(5));
      GatlingLauncher.Outcome o = GatlingLauncher.run(plan, FullStackSimulation.class, runDir, m -> {});

      assertThat(o.exitCode()).as("Gatling's assertions (error rate 0 %) hold").isZero();
      Map<String, LoadRecorder.Series> byName =
          o.recorder().series().stream().collect(Collectors.toMap(s -> s.name, s -> s));
      for (WriteRoute w : WriteRoute.values()) {
        assertThat(byName).as(w.requestName).containsKey(w.requestName);
        assertThat(byName.get(w.requestName).ko).as(w.requestName + " (a 412 on the stale update is correct)").isZero();
      }
      long reads = o.recorder().series().stream().filter(s -> !s.group.equals(WriteRoute.GROUP)).mapToLong(s -> s.requests).sum();
      assertThat(reads).as("about 40 read users/s for 5 s").isBetween(120L, 280L);
      assertThat(o.recorder().totalKo()).isZero();
      assertThat(o.recorder().series()).allSatisfy(s -> assertThat(s.histogram.getTotalCount()).isEqualTo(s.requests - s.ko));
      assertThat(runDir.resolve(LoadRecorder.HLOG)).as("the interval log").isNotEmptyFile();
      assertThat(o.recorder().arrivals()).isBetween(150L, 300L);
      assertThat(o.report()).isEqualTo(runDir.resolve("gatling"));
      assertThat(runDir.resolve("gatling/index.html")).exists();
      assertThat(Files.readString(runDir.resolve("gatling/index.html"))).contains("POST /projects");
      assertThat(runDir.resolve("gatling-results")).doesNotExist();
    }
    assertThat(count(pg, "SELECT count(*) FROM projects")).as("write journeys delete what they create").isEqualTo(projectsBefore);
  }

  @Test
  void everyReadRouteIsRecordedUnderItsGroup() throws Exception {
    PgServer pg = LoadTestSupport.seeded();
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), LoadTestSupport.api())) {
      LoadPlan plan = LoadTestSupport.plan(api.baseUrl(), 30, 0, Duration.ofSeconds(6));
      GatlingLauncher.Outcome o = GatlingLauncher.run(plan, ReadMixSimulation.class, runDir, m -> {});
      List<String> names = o.recorder().series().stream().map(s -> s.name).toList();
      for (Route r : Route.values()) {
        if (r.weightPct >= 5) { // P(no user in 180) < 1e-4 at 5 %; rarer routes may draw none
          assertThat(names).as(r.requestName).contains(r.requestName);
        }
      }
      assertThat(o.recorder().series()).allSatisfy(s -> assertThat(Route.byRequestName(s.name).orElseThrow().group).isEqualTo(s.group));
      assertThat(o.recorder().series()).allSatisfy(s -> assertThat(s.all.getTotalCount()).as(s.name + ": every request timed").isEqualTo(s.requests));
      assertThat(o.recorder().series()).allSatisfy(s -> {
        Phases p = s.phases;
        assertThat(p.timed()).as(s.name + ": every successful answer carried Server-Timing and was split").isEqualTo(s.histogram.getTotalCount());
        assertThat(p.untimed()).isZero();
        double client = p.histogram(Phases.CLIENT).getMean();
        double parts = Phases.PARTS.stream().mapToDouble(x -> p.histogram(x).getMean()).sum();
        assertThat(parts).as(s.name + ": the parts' means add up to the client's mean (histogram precision 0.1 %, header 1 us)")
            .isCloseTo(client, org.assertj.core.data.Offset.offset(client * 0.01 + 5_000));
        assertThat(p.histogram(Phases.SERVER).getValueAtPercentile(50)).as(s.name + ": the server's time is within the client's")
            .isLessThanOrEqualTo(p.histogram(Phases.CLIENT).getValueAtPercentile(50));
        assertThat(p.histogram("db").getTotalCount()).isEqualTo(p.timed());
      });
    }
  }

  @Test
  void gatlingNeverPhonesHome() {
    GatlingConfiguration c = GatlingConfiguration.load();
    assertThat(c.http().warmUpUrl().isEmpty()).as("no warm-up request to gatling.io").isTrue();
    assertThat(c.data().enableAnalytics()).as("no usage analytics").isFalse();
    assertThat(c.reports().indicators().lowerBound()).isEqualTo(10);
    assertThat(c.reports().indicators().higherBound()).isEqualTo(50);
  }

  static long count(PgServer pg, String sql) throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
