package dev.apexbench.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint, happy and error paths, against a real seeded PostgreSQL. */
@RealServer
class ApiTest {
  static final ObjectMapper JSON = Json.MAPPER; // decimals exactly as sent (1.50 stays 1.50)
  static PgServer pg;
  static ApiServer api;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    pg = TestPostgres.server();
    new Seeder(m -> {}, Progress.NONE)
        .ensure(pg, new Seeder.Request(new DatasetSpec(new BigDecimal("0.1"), 42), SchemaVariant.REPORT, false));
    api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  record Res(int status, JsonNode body, String etag) {}

  static Res call(String method, String path, String body, String ifMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.baseUrl() + path));
    if (ifMatch != null) {
      b.header("If-Match", ifMatch);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = r.body().isEmpty() ? null : JSON.readTree(r.body());
    return new Res(r.statusCode(), n, r.headers().firstValue("ETag").map(e -> e.replace("\"", "")).orElse(null));
  }

  static Res get(String path) throws Exception {
    return call("GET", path, null, null);
  }

  static String scalar(String sql) throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static void assertBadParameter(Res r, String parameter) {
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).isEqualTo("bad_parameter");
    assertThat(r.body().get("parameter").asText()).isEqualTo(parameter);
  }

  @Test
  void healthAndMetrics() throws Exception {
    assertThat(get("/health").body().get("database").asText()).isEqualTo("up");
    get("/projects?status=accepted");
    HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(m.body())
        .contains("http_server_requests_seconds_bucket{")
        .contains("route=\"/projects\"")
        .contains("hikaricp_connections_active")
        .contains("hikaricp_connections_idle")
        .contains("hikaricp_connections_pending")
        .contains("hikaricp_connections_acquire_seconds")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void theStatementsOfEachRequestAreCountedUnderItsName() throws Exception {
    for (int i = 0; i < 3; i++) {
      http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/projects/" + (40 + i))).header("X-Apex-Request", "detail").build(),
          HttpResponse.BodyHandlers.ofString());
    }
    get("/projects?status=accepted"); // no header: counted under its method and route
    String m = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    // GET /projects/{id} runs the project and its events once each, then the payloads once per module of its events
    assertThat(m).contains("apex_api_work_requests_total{request=\"detail\"} 3.0");
    assertThat(m).contains("apex_api_statements_total{request=\"detail\",statement=\"simple.project_by_id\"} 3.0");
    assertThat(m).contains("apex_api_statements_total{request=\"detail\",statement=\"composite.project_timeline\"} 3.0");
    assertThat(m).contains("apex_api_statements_total{request=\"GET /projects\",statement=\"simple.status_recent\"}");
  }

  @Test
  void projectsByStatusHonoursLimitAndRejectsBadValues() throws Exception {
    Res r = get("/projects?status=submitted&limit=7");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("result")).hasSize(7);
    assertThat(r.body().get("trace").get("queries").get(0).asText()).isEqualTo("simple.status_recent");
    assertBadParameter(get("/projects?status=archived"), "status");
    assertBadParameter(get("/projects"), "status");
    assertBadParameter(get("/projects?status=draft&limit=500"), "limit");
  }

  @Test
  void projectDetailCarriesPayloadsEventsEnvelopeAndEtag() throws Exception {
    Res r = get("/projects/42");
    assertThat(r.status()).isEqualTo(200);
    JsonNode res = r.body().get("result");
    assertThat(res.get("project").get("project_id").asLong()).isEqualTo(42);
    assertThat(res.get("payloads")).hasSize(1);
    assertThat(res.get("payloads").get(0).get("inputs").get("line_items").isArray()).isTrue();
    assertThat(res.get("events").size()).isPositive();
    assertThat(r.body().get("trace").get("content_sha256").asText()).isEqualTo(res.get("project").get("content_sha256").asText());
    assertThat(r.body().get("trace").has("constants_version")).isTrue();
    assertThat(r.body().has("confidence")).isTrue();
    assertThat(get("/projects/999999").status()).isEqualTo(404);
    assertBadParameter(get("/projects/abc"), "id");
    assertBadParameter(get("/projects/-3"), "id");
  }

  @Test
  void aQueryParameterCannotOverrideThePath() throws Exception {
    assertThat(get("/projects/5?id=6").body().get("result").get("project").get("project_id").asLong()).isEqualTo(5);
  }

  @Test
  void numbersAreCanonicalAsPostgresqlStoresThem() {
    assertThat(Json.canonical(Json.parse("{\"b\":1e2,\"a\":1.50}"))).isEqualTo("{\"a\":1.50,\"b\":100}");
    assertThat(Json.sha256(Json.canonical(Json.parse("{\"a\":1e2}")))).isEqualTo(Json.sha256(Json.canonical(Json.parse("{\"a\":100}"))));
  }

  @Test
  void lookupsByShaEtagAndModule() throws Exception {
    String sha = scalar("SELECT content_sha256 FROM projects WHERE project_id = 10");
    Res bySha = get("/projects/by-sha/" + sha);
    assertThat(bySha.status()).isEqualTo(200);
    assertThat(bySha.body().get("result").findValuesAsText("project_id")).contains("10");
    assertThat(get("/projects/by-sha/" + "0".repeat(64)).status()).isEqualTo(404);
    assertBadParameter(get("/projects/by-sha/XYZ"), "sha");

    String etag = scalar("SELECT etag FROM projects WHERE etag IS NOT NULL ORDER BY project_id LIMIT 1");
    Res byEtag = get("/projects/by-etag/" + etag);
    assertThat(byEtag.status()).isEqualTo(200);
    assertThat(byEtag.etag()).isEqualTo(etag);
    assertThat(get("/projects/by-etag/nosuchetag").status()).isEqualTo(404);

    String module = scalar("SELECT module FROM project_payloads WHERE project_id = 5");
    assertThat(get("/projects/5/payloads?module=" + module).body().get("result")).hasSize(1);
    assertBadParameter(get("/projects/5/payloads?module=astrology"), "module");
  }

  @Test
  void tenantEndpoints() throws Exception {
    assertThat(get("/accounts/1/projects?status=estimating&from=2025-01-01T00:00:00Z&to=2025-12-31T00:00:00Z").body().get("result").size()).isPositive();
    assertBadParameter(get("/accounts/1/projects?status=estimating&from=2025-06-01T00:00:00Z&to=2025-01-01T00:00:00Z"), "to");
    assertBadParameter(get("/accounts/1/projects?status=estimating&from=yesterday&to=2025-01-01T00:00:00Z"), "from");
    assertThat(get("/accounts/1/dashboard").body().get("result").size()).isPositive();
    Res view = get("/accounts/1/stats");
    Res live = get("/accounts/1/stats?source=live");
    assertThat(view.body().get("trace").get("queries").get(0).asText()).isEqualTo("aggregation.tenant_status_view");
    assertThat(live.body().get("trace").get("queries").get(0).asText()).isEqualTo("aggregation.tenant_status_live");
    assertThat(view.body().get("result").size()).isEqualTo(live.body().get("result").size());
    assertThat(view.body().get("confidence").asDouble()).isBetween(0.0, 1.0);
    assertBadParameter(get("/accounts/1/stats?source=cache"), "source");
    assertThat(get("/accounts/1/activity?from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z").status()).isEqualTo(200);
    assertBadParameter(get("/accounts/1/activity?from=2025-01-01T00:00:00Z&to=2025-07-01T00:00:00Z"), "to");
  }

  @Test
  void jsonbSearchHasExactlyOneMode() throws Exception {
    assertThat(get("/payloads/search?region=us-west&occupancy=office").body().get("result").size()).isPositive();
    assertThat(get("/payloads/search?min_sqft=1000&max_sqft=50000").body().get("trace").get("queries").get(0).asText()).isEqualTo("jsonb.path_range");
    assertThat(get("/payloads/search?has_key=rush").body().get("result").size()).isPositive();
    assertBadParameter(get("/payloads/search?has_key=rush&region=us-west&occupancy=office"), "query");
    assertBadParameter(get("/payloads/search?min_sqft=10&max_sqft=5"), "max_sqft");
    assertBadParameter(get("/payloads/search?has_key=a;drop"), "has_key");
    assertThat(get("/nowhere").status()).isEqualTo(404);
  }

  static String newProject(long account) {
    return "{\"account_id\":" + account + ",\"name\":\"load test\",\"module\":\"pricing\",\"status\":\"estimating\","
        + "\"confidence\":0.5,\"constants_version\":\"core@1\",\"inputs\":{\"region\":\"us-west\",\"b\":1.50,\"a\":[2,1]}}";
  }

  @Test
  void createUpdateDeleteWithOptimisticLocking() throws Exception {
    Res created = call("POST", "/projects", newProject(900001), null);
    assertThat(created.status()).isEqualTo(201);
    long id = created.body().get("result").get("project_id").asLong();
    String etag = created.etag();
    assertThat(etag).isEqualTo(created.body().get("result").get("etag").asText());
    assertThat(created.body().get("trace").get("content_sha256").asText())
        .as("sha-256 of the canonical inputs: sorted keys, decimals as written")
        .isEqualTo(Json.sha256("{\"a\":[2,1],\"b\":1.50,\"region\":\"us-west\"}"));
    assertThat(scalar("SELECT count(*) FROM project_events WHERE project_id = " + id)).isEqualTo("1");

    Res updated = call("PUT", "/projects/" + id, "{\"status\":\"submitted\",\"confidence\":null}", "\"" + etag + "\"");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.etag()).isNotEqualTo(etag);
    assertThat(updated.body().get("result").get("status").asText()).isEqualTo("submitted");
    assertThat(updated.body().get("result").get("confidence").isNull()).isTrue();

    Res stale = call("PUT", "/projects/" + id, "{\"status\":\"accepted\"}", etag);
    assertThat(stale.status()).as("a stale etag").isEqualTo(412);
    assertThat(call("PUT", "/projects/" + id, "{\"status\":\"accepted\"}", null).status()).as("no If-Match").isEqualTo(428);
    assertThat(call("PUT", "/projects/999999", "{\"status\":\"accepted\"}", etag).status()).isEqualTo(404);
    assertBadParameter(call("PUT", "/projects/" + id, "{\"confidence\":1.5}", updated.etag()), "confidence");
    assertBadParameter(call("PUT", "/projects/" + id, "{}", updated.etag()), "body");
    assertThat(scalar("SELECT status FROM projects WHERE project_id = " + id)).as("the stale update changed nothing").isEqualTo("submitted");

    assertThat(call("DELETE", "/projects/" + id, null, etag).status()).as("delete with a stale etag").isEqualTo(412);
    assertThat(call("DELETE", "/projects/" + id, null, updated.etag()).status()).isEqualTo(204);
    assertThat(scalar("SELECT count(*) FROM project_events WHERE project_id = " + id)).as("cascade").isEqualTo("0");
    assertThat(call("DELETE", "/projects/" + id, null, null).status()).isEqualTo(404);
  }

  @Test
  void createRejectsBadBodies() throws Exception {
    assertBadParameter(call("POST", "/projects", "{\"name\":\"x\",\"module\":\"pricing\",\"inputs\":{}}", null), "account_id");
    assertBadParameter(call("POST", "/projects", "{\"account_id\":1,\"name\":\"x\",\"module\":\"pricing\",\"inputs\":[]}", null), "inputs");
    assertBadParameter(call("POST", "/projects", "{\"account_id\":1,\"name\":\"x\",\"module\":\"pricing\",\"status\":\"gone\",\"inputs\":{}}", null), "status");
    assertBadParameter(call("POST", "/projects", "not json", null), "body");
  }

  @Test
  void theSeededCachingKeyIsReproducedFromTheStoredInputs() throws Exception {
    JsonNode inputs = get("/projects/7").body().get("result").get("payloads").get(0).get("inputs");
    String body = "{\"account_id\":900002,\"name\":\"copy\",\"module\":\"risk\",\"inputs\":" + inputs + "}";
    Res created = call("POST", "/projects", body, null);
    assertThat(created.body().get("trace").get("content_sha256").asText())
        .as("the api's canonical form equals the generator's")
        .isEqualTo(scalar("SELECT content_sha256 FROM projects WHERE project_id = 7"));
    call("DELETE", "/projects/" + created.body().get("result").get("project_id").asLong(), null, null);
  }

  @Test
  void concurrentUpdatesWithTheSameEtagGiveExactlyOneSuccess() throws Exception {
    Res created = call("POST", "/projects", newProject(900003), null);
    long id = created.body().get("result").get("project_id").asLong();
    String etag = created.etag();
    int n = 12;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Res>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "writer-" + i;
      Callable<Res> task = () -> {
        go.await();
        return call("PUT", "/projects/" + id, "{\"name\":\"" + name + "\"}", etag);
      };
      futures.add(pool.submit(task));
    }
    go.countDown();
    List<Res> results = new ArrayList<>();
    for (Future<Res> f : futures) {
      results.add(f.get());
    }
    pool.shutdown();
    List<Res> ok = results.stream().filter(r -> r.status() == 200).toList();
    assertThat(ok).as("exactly one writer wins").hasSize(1);
    assertThat(results.stream().filter(r -> r.status() == 412)).as("all others are told their etag is stale").hasSize(n - 1);
    String winner = ok.get(0).body().get("result").get("name").asText();
    assertThat(scalar("SELECT name FROM projects WHERE project_id = " + id)).isEqualTo(winner);
    assertThat(scalar("SELECT etag FROM projects WHERE project_id = " + id)).isEqualTo(ok.get(0).etag());
    assertThat(scalar("SELECT count(*) FROM project_events WHERE project_id = " + id)).as("created + one update").isEqualTo("2");
    call("DELETE", "/projects/" + id, null, null);
  }
}
