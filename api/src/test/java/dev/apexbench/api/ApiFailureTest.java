package dev.apexbench.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.RealServer;
import dev.apexbench.db.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A statement timeout or an exhausted pool answers 503 quickly instead of hanging. */
@RealServer
class ApiFailureTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @org.junit.jupiter.api.BeforeAll
  static void seeded() {
    new dev.apexbench.datagen.Seeder(m -> {}, dev.apexbench.datagen.Progress.NONE)
        .ensure(
            TestPostgres.server(),
            new dev.apexbench.datagen.Seeder.Request(
                new dev.apexbench.dataset.DatasetSpec(new java.math.BigDecimal("0.1"), 42),
                dev.apexbench.db.SchemaVariant.REPORT,
                false));
  }

  static HttpResponse<String> get(ApiServer api, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statementTimeoutIs503() throws Exception {
    PgServer pg = TestPostgres.server();
    String table = "apex_bench.projects";
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults().withStatementTimeout(200));
        Connection locker = pg.connect();
        Statement st = locker.createStatement()) {
      locker.setAutoCommit(false);
      st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE"); // every read now waits
      HttpResponse<String> r = get(api, "/projects?status=draft");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).isEqualTo("statement_timeout");
      locker.rollback();
    }
  }

  @Test
  void exhaustedPoolIs503() throws Exception {
    PgServer pg = TestPostgres.server();
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults().withPool(1, 250).withStatementTimeout(3000));
        Connection locker = pg.connect();
        Statement st = locker.createStatement()) {
      locker.setAutoCommit(false);
      st.execute("LOCK TABLE apex_bench.projects IN ACCESS EXCLUSIVE MODE");
      // the only pooled connection is now stuck behind the lock for up to 3 s
      CompletableFuture<HttpResponse<String>> stuck = CompletableFuture.supplyAsync(() -> {
        try {
          return get(api, "/projects?status=draft");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300);
      HttpResponse<String> r = get(api, "/projects?status=draft");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(r.body()).get("error").asText()).isEqualTo("pool_exhausted");
      locker.rollback();
      assertThat(stuck.get().statusCode()).as("the stuck request completes once the lock is gone").isEqualTo(200);
    }
  }

  /**
   * A database that goes away answers 503 database_unavailable (not pool_exhausted, which would
   * send an operator after the pool size), without the driver's error text.
   */
  @Test
  void aDatabaseThatIsDownIs503DatabaseUnavailable() throws Exception {
    dev.apexbench.db.EmbeddedServer own = dev.apexbench.db.EmbeddedServer.startTemporary(dev.apexbench.db.ServerSettings.forOwnedServer());
    ApiServer api = null;
    boolean stopped = false;
    try {
      api = ApiServer.start(own.connectUrl(), own.connectionProperties(), ApiSettings.defaults().withPool(2, 1_000));
      own.close(); // the database goes away under a running api
      stopped = true;
      HttpResponse<String> r = get(api, "/health");
      assertThat(r.statusCode()).isEqualTo(503);
      HttpResponse<String> q = get(api, "/projects?status=draft");
      assertThat(q.statusCode()).as(q.body()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(q.body()).get("error").asText()).isEqualTo("database_unavailable");
      assertThat(q.body()).doesNotContain("Connection to").doesNotContain("refused").doesNotContainIgnoringCase("exception");
    } finally {
      if (api != null) {
        api.close();
      }
      if (!stopped) {
        own.close();
      }
    }
  }

  @Test
  void badSettingsNameTheSetting() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiSettings.defaults().withPool(0, 500).validate())
        .hasMessage("--pool-size: '0' is not allowed (allowed: 1 to 90 connections (the server allows 100))");
  }
}
