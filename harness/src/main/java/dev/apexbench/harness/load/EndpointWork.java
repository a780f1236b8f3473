package dev.apexbench.harness.load;

import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.catalog.ServerSql;
import dev.apexbench.db.catalog.WriteStatements;
import dev.apexbench.db.metrics.StatsWindow.StatementDelta;
import dev.apexbench.harness.measure.JmhSummary;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each endpoint's requests cost the server over the load window: the api counts, per request
 * name, the statements it ran ({@code apex_api_statements_total{request,statement}}, {@code
 * apex_api_work_requests_total{request}}); pg_stat_statements gives each statement's calls, shared
 * blocks and WAL over the same window. A request name gets, per statement, its count times that
 * statement's blocks per call: the per-call cost of one statement is shared by every endpoint that
 * runs it (the same SQL with the same kind of parameters). Groups and the total add their
 * endpoints up.
 */
public final class EndpointWork {
  private EndpointWork() {}

  /** The api's counters at one moment: requests per name, and per name the executions of each statement. */
  public record Counts(Map<String, Double> requests, Map<String, Map<String, Double>> statements) {
    static Counts empty() {
      return new Counts(Map.of(), Map.of());
    }
  }

  private static final Pattern LINE = Pattern.compile("^(apex_api_statements_total|apex_api_work_requests_total)\\{(.*)\\}\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The api's counters from its /metrics, or empty counts when it does not answer or has none. */
  public static Counts scrape(String baseUrl) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? parse(r.body()) : Counts.empty();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Counts.empty();
    }
  }

  /** The counters in a Prometheus text exposition. */
  public static Counts parse(String text) {
    Map<String, Double> requests = new HashMap<>();
    Map<String, Map<String, Double>> statements = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
      }
      double v = Double.parseDouble(m.group(3));
      String request = labels.get("request");
      if (request == null) {
        continue;
      }
      if (m.group(1).equals("apex_api_work_requests_total")) {
        requests.merge(request, v, Double::sum);
      } else if (labels.containsKey("statement")) {
        statements.computeIfAbsent(request, k -> new HashMap<>()).merge(labels.get("statement"), v, Double::sum);
      }
    }
    return new Counts(requests, statements);
  }

  /**
   * The load with each endpoint's, group's and the total's work over the window; unchanged when the
   * api counted nothing (an api without the counters). When pg_stat_statements saw none of its
   * statements, the statements per request are still the api's, and blocks and WAL are null.
   */
  public static Load attach(Load load, Counts before, Counts after, List<StatementDelta> executed) {
    Map<String, StatementDelta> byText = JmhSummary.byText(executed);
    Map<String, double[]> perName = new HashMap<>(); // request name -> {requests, statements, blocks, wal}
    boolean matchedAny = false;
    for (Map.Entry<String, Double> e : after.requests().entrySet()) {
      double requests = e.getValue() - before.requests().getOrDefault(e.getKey(), 0.0);
      if (requests <= 0) {
        continue;
      }
      double[] w = {requests, 0, 0, 0};
      Map<String, Double> b = before.statements().getOrDefault(e.getKey(), Map.of());
      for (Map.Entry<String, Double> s : after.statements().getOrDefault(e.getKey(), Map.of()).entrySet()) {
        double n = s.getValue() - b.getOrDefault(s.getKey(), 0.0);
        if (n <= 0) {
          continue;
        }
        w[1] += n;
        StatementDelta d = byText.get(text(s.getKey()));
        if (d != null && d.calls() > 0) {
          matchedAny = true;
          w[2] += n * d.sharedBlks() / d.calls();
          w[3] += n * (double) d.walBytes() / d.calls();
        }
      }
      perName.put(e.getKey(), w);
    }
    if (perName.isEmpty() || load.endpoints() == null) {
      return load; // the api counted nothing: an api without the counters
    }
    final boolean blocks = matchedAny; // without pg_stat_statements the statements per request still hold
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, double[]> groups = new HashMap<>();
    double[] total = new double[4];
    for (Endpoint ep : load.endpoints()) {
      double[] w = perName.get(ep.name());
      if (w == null) {
        endpoints.add(ep);
        continue;
      }
      endpoints.add(ep.withWork(work(w, blocks)));
      double[] g = groups.computeIfAbsent(ep.group(), k -> new double[4]);
      for (int i = 0; i < 4; i++) {
        g[i] += w[i];
        total[i] += w[i];
      }
    }
    List<Endpoint> grouped = load.groups() == null ? null
        : load.groups().stream().map(g -> groups.containsKey(g.name()) ? g.withWork(work(groups.get(g.name()), blocks)) : g).toList();
    Endpoint t = load.total() == null || total[0] == 0 ? load.total() : load.total().withWork(work(total, blocks));
    return load.withEndpoints(t, endpoints).withGroups(grouped);
  }

  private static Endpoint.Work work(double[] w, boolean blocks) {
    return new Endpoint.Work(Math.round(w[0]), round3(w[1] / w[0]), blocks ? round3(w[2] / w[0]) : null,
        blocks ? Math.round(w[3] / w[0] * 10) / 10.0 : null);
  }

  /** A statement's normalised text from its name: a catalog query's or a write statement's. */
  static String text(String name) {
    String sql = WriteStatements.sqlOf(name);
    if (sql == null) {
      sql = QueryCatalog.find(name).map(q -> q.sql()).orElse(null);
    }
    return sql == null ? "" : JmhSummary.normalise(ServerSql.toServer(sql));
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
