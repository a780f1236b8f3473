package dev.apexbench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Progress;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.TestPostgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The api's Server-Timing header: well formed, consistent with the client's clock, and each phase showing its cause. */
@RealServer
class ServerTimingTest {
  static PgServer pg;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void seed() {
    pg = TestPostgres.server();
    new Seeder(m -> {}, Progress.NONE)
        .ensure(pg, new Seeder.Request(new DatasetSpec(new BigDecimal("0.1"), 42), SchemaVariant.REPORT, false));
  }

  /** One answer: the phases the server reported, and the client's own time for it. */
  record Timed(int status, Map<String, Double> phases, double clientMs) {
    double get(String p) {
      return phases.get(p);
    }
  }

  static Map<String, Double> parse(String header) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String metric : header.split(",")) {
      String[] parts = metric.trim().split(";");
      assertThat(parts).as(metric).hasSize(2);
      assertThat(parts[1]).as(metric).matches("dur=\\d+\\.\\d{3}");
      out.put(parts[0], Double.parseDouble(parts[1].substring(4)));
    }
    return out;
  }

  static Timed get(ApiServer api, String path) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    double client = (System.nanoTime() - t0) / 1e6;
    String header = r.headers().firstValue("Server-Timing").orElseThrow(() -> new AssertionError("no Server-Timing on " + path));
    return new Timed(r.statusCode(), parse(header), client);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    return s.get(s.size() / 2);
  }

  @Test
  void everyRouteAnswersWithThePhasesAndTheyFitInTheClientsTime() throws Exception {
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults())) {
      for (String path : List.of("/health", "/projects?status=draft", "/projects/1", "/accounts/1/dashboard",
          "/payloads/search?has_key=rush", "/projects/999999999")) {
        Timed t = get(api, path);
        assertThat(t.phases().keySet()).as(path).containsExactly("queue", "pool", "db", "encode", "total");
        double parts = t.get("queue") + t.get("pool") + t.get("db") + t.get("encode");
        // each phase is cut to the microsecond, so the sum may exceed the total by up to 4 us of rounding
        assertThat(parts).as(path + ": the phases fit in the total").isLessThanOrEqualTo(t.get("total") + 0.004);
        assertThat(t.get("total")).as(path + ": the server's time fits in the client's").isLessThanOrEqualTo(t.clientMs());
      }
    }
  }

  @Test
  void aPoolOfOneUnderConcurrentRequestsShowsPoolWaiting() throws Exception {
    ApiSettings one = ApiSettings.defaults().withPool(1, 60_000);
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), one)) {
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<Timed>> fs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          fs.add(clients.submit(() -> get(api, "/payloads/search?min_sqft=10000&max_sqft=90000")));
        }
        double pool = 0;
        double db = 0;
        for (Future<Timed> f : fs) {
          Timed t = f.get();
          assertThat(t.status()).isEqualTo(200);
          pool += t.get("pool");
          db += t.get("db");
        }
        // eight clients share one connection: each waits for the others' queries
        assertThat(pool).as("pool wait %s ms vs db %s ms", pool, db).isGreaterThan(db);
      } finally {
        clients.shutdownNow();
      }
    }
  }

  @Test
  void aScanShowsDbAsTheLargestServerPhase() throws Exception {
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults())) {
      List<Double> db = new ArrayList<>();
      List<Double> other = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        Timed t = get(api, "/payloads/search?min_sqft=10000&max_sqft=90000"); // no index serves it: a full read
        db.add(t.get("db"));
        other.add(Math.max(t.get("queue"), Math.max(t.get("pool"), t.get("encode"))));
      }
      assertThat(median(db)).as("db %s vs the largest other phase %s", db, other).isGreaterThan(median(other));
    }
  }

  @Test
  void aLargerAnswerTakesLongerToEncode() throws Exception {
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults())) {
      List<Double> small = new ArrayList<>();
      List<Double> large = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        small.add(get(api, "/projects?status=draft&limit=1").get("encode"));
        large.add(get(api, "/projects?status=draft&limit=50").get("encode"));
      }
      assertThat(median(large)).as("50 rows %s vs 1 row %s", large, small).isGreaterThan(median(small));
    }
  }

  @Test
  void thePhasesArePerRouteTimersInMetrics() throws Exception {
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults())) {
      get(api, "/projects/1");
      String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String phase : List.of("queue", "pool", "db", "encode", "total")) {
        assertThat(metrics).containsPattern("http_server_phase_seconds_count\\{[^}]*phase=\"" + phase + "\"[^}]*route=\"/projects/\\{id\\}\"[^}]*} 1");
      }
    }
  }
}
