package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Breakdown;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.GeneratorHealth;
import dev.apexbench.reports.model.Schedule;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.model.TimePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** HTTP load: throughput and latency over time, and the per-endpoint table with group targets. */
final class LoadSection {

  private LoadSection() {}

  static void render(Html h, Page p) {
    Load load = p.results().load();
    h.raw("<section>\n").h2("load", "HTTP load (Gatling, open model)");
    if (load == null || (load.total() == null && (load.endpoints() == null || load.endpoints().isEmpty()))) {
      h.p("muted", "No load in this run (" + p.command() + "): the api was not driven.");
      h.raw("</section>\n");
      return;
    }
    h.p("note", facts(load));
    if (!load.rateKept()) {
      h.p("alert", "The load generator did not keep the scheduled rate" + (load.rateNote() == null ? "." : ": " + load.rateNote()));
    }
    generator(h, p, load);
    injectors(h, load);
    if (load.timeline() != null && !load.timeline().isEmpty()) {
      timeline(h, p, load);
    }
    if (load.steps() != null && !load.steps().isEmpty()) {
      h.h3("Capacity sweep");
      h.tableStart("steps", "#read users/s", "#requests", "#ko", "#successful rps", "#p50", "#p95", "#p99", "#max");
      for (Load.Step st : load.steps()) {
        h.tr(st.ko() > 0 ? "bad" : "", Html.num(Fmt.num(st.usersPerSec())), Html.num(String.valueOf(st.requests())),
            Html.num(String.valueOf(st.ko())), Html.num(Fmt.num(st.okRps())), Html.num(Fmt.ms(st.p50Ms())),
            Html.num(Fmt.ms(st.p95Ms())), Html.num(Fmt.ms(st.p99Ms())), Html.num(Fmt.ms(st.maxMs())));
      }
      h.tableEnd();
      h.p("muted", "Each step held its rate for the same time; where successful rps falls below the rate, or latency "
          + "leaves the group targets, the stack has passed its capacity.");
    }
    h.h3("Endpoints by group");
    h.tableStart("endpoints", "endpoint", "#requests", "#ko", "#error rate", "#rps", "#mean", "#p50", "#p95", "#p99",
        "#max", "#statements / request", "#blocks / request", "#target", "pass");
    for (Map.Entry<String, List<Endpoint>> g : load.endpointsByGroup().entrySet()) {
      groupRow(h, p, g.getKey(), g.getValue());
      for (Endpoint e : g.getValue()) {
        endpointRow(h, e, "endpoint", "<code>" + Html.esc(e.name()) + "</code>", "", "");
      }
    }
    if (load.total() != null) {
      TargetResult errors = p.target("load", "total", "error_rate_pct");
      List<TargetResult> total = p.targets("load", "total");
      boolean pass = total.stream().noneMatch(TargetResult::blocks);
      endpointRow(h, load.total(), total.isEmpty() ? "total" : pass ? "total" : "total bad", "all endpoints",
          errors == null ? "" : "errors " + TargetText.limit(errors), total.isEmpty() ? "" : Html.badge(pass));
    }
    h.tableEnd();
    h.p("muted", "A group's latency target is judged on the merged histogram of its endpoints; its error rate on their"
        + " summed requests. Statements and blocks per request: the api counts the statements each request runs, by request name;"
        + " each statement's shared blocks per call over the load window (pg_stat_statements) times that count, over the requests.");
    breakdown(h, p, load);
    pool(h, p, load.pool());
    mvRefresh(h, load.mvRefresh());
    h.raw("</section>\n");
  }

  /** The api's connection pool over the load. */
  private static void pool(Html h, Page p, Load.PoolHealth pool) {
    if (pool == null) {
      return;
    }
    h.h3("Connection pool (the api's HikariCP, sampled each second)");
    TargetResult t = p.targets("load", "pool").stream().filter(x -> x.metric().startsWith("pool_utilization")).findFirst().orElse(null);
    h.p(t != null && t.blocks() ? "alert" : "note", String.format(java.util.Locale.ROOT, "%d samples of a pool of %s: active %s on average;"
            + " utilisation p50 %s, p95 %s, max %s; at most %d threads waited for a connection at a sample.%s", pool.samples(),
        Fmt.plain(pool.max()), Fmt.num(pool.activeMean()), Fmt.pct(pool.utilizationP50Pct()), Fmt.pct(pool.utilizationP95Pct()),
        Fmt.pct(pool.utilizationMaxPct()), pool.pendingMax(), t == null ? "" : " Target " + t.metric().replace("_pct", "") + " "
            + TargetText.limit(t) + ": " + (t.pass() ? "met" : "failed") + ". The report claims 27 % utilisation."));
  }

  /** The materialized view refreshed during the load: the refreshes, the reads during and outside them, staleness. */
  private static void mvRefresh(Html h, Load.MvRefresh m) {
    if (m == null) {
      return;
    }
    h.h3("Materialized view refreshed during the load (every " + m.everySeconds() + " s)");
    h.p("note", m.note() + (m.stalenessP50Seconds() == null ? "" : "; the view's age when read: p50 " + Fmt.withUnit(m.stalenessP50Seconds(), "s")
        + ", p95 " + Fmt.withUnit(m.stalenessP95Seconds(), "s") + ", max " + Fmt.withUnit(m.stalenessMaxSeconds(), "s")) + ".");
    h.tableStart("mv-refresh", "aggregation reads", "#seconds", "#requests", "#p50", "#p95", "#p99");
    for (var w : new Object[][] {{"during a refresh", m.during()}, {"outside", m.outside()}}) {
      Load.MvRefresh.Window x = (Load.MvRefresh.Window) w[1];
      h.tr("", Html.cell((String) w[0]), Html.num(x == null ? "-" : String.valueOf(x.seconds())),
          Html.num(x == null ? "-" : String.valueOf(x.requests())), Html.num(x == null ? "-" : Fmt.ms(x.p50Ms())),
          Html.num(x == null ? "-" : Fmt.ms(x.p95Ms())), Html.num(x == null ? "-" : Fmt.ms(x.p99Ms())));
    }
    h.tableEnd();
    h.p("muted", "A second counts as during a refresh when a refresh ran at any moment of it; p95 change "
        + (m.p95ChangePct() == null ? "-" : Fmt.change(m.p95ChangePct())) + ", Mann-Whitney U over the per-second p95s "
        + (m.pValue() == null ? "(too few seconds)" : String.format(java.util.Locale.ROOT, "p = %.2g", m.pValue())) + ".");
  }

  /**
   * Where the time went, per endpoint group: a stacked bar of the parts' means (they add up to
   * the client's mean) and a table of each part's percentiles, share and target.
   */
  private static void breakdown(Html h, Page p, Load load) {
    Map<String, Breakdown> groups = load.breakdown();
    h.h3("Where the time went");
    if (groups == null || groups.isEmpty()) {
      h.p("muted", "No breakdown: the api sent no Server-Timing header (an api other than apex-bench's, or one started with"
          + " -Dapex.api.server-timing=false).");
      return;
    }
    ArrayNode chart = p.data().putArray("breakdown");
    for (Map.Entry<String, Breakdown> g : groups.entrySet()) {
      ObjectNode o = chart.addObject().put("group", g.getKey());
      ObjectNode parts = o.putObject("parts");
      for (String part : Breakdown.PARTS) {
        Breakdown.PhaseStats ps = g.getValue().phase(part);
        parts.put(part, ps == null ? 0 : ps.meanMs());
      }
    }
    h.p("note", "From the api's Server-Timing header on every successful response and the load generator's own clock."
        + " queue: accepted until the route starts on a worker (body read included); pool: waiting for a database"
        + " connection; db: holding it (statements, rows, commit); encode: writing the JSON; other: the rest of the"
        + " server's time; network+client: the client's time minus the server's (the bytes on the wire, the network,"
        + " the load generator). The parts' means add up to the client's mean; percentiles of parts do not add up.");
    h.chart("chart-breakdown", 60 + 44 * groups.size());
    h.tableStart("breakdown", "group / part", "#mean", "#share", "#p50", "#p95", "#p99", "#max", "#target", "pass");
    for (Map.Entry<String, Breakdown> g : groups.entrySet()) {
      Breakdown b = g.getValue();
      h.tr("group", Html.cell("group <b>" + Html.esc(g.getKey()) + "</b> (client time, " + b.timed() + " requests timed"
              + (b.untimed() > 0 ? ", " + b.untimed() + " without the header" : "") + "; dominant at p95: "
              + Html.esc(b.dominantP95()) + ")"),
          Html.num(Fmt.ms(b.client().meanMs())), Html.num("100.00 %"), Html.num(Fmt.ms(b.client().p50Ms())),
          Html.num(Fmt.ms(b.client().p95Ms())), Html.num(Fmt.ms(b.client().p99Ms())), Html.num(Fmt.ms(b.client().maxMs())),
          Html.num(""), Html.cell(""));
      for (String part : Breakdown.PARTS) {
        Breakdown.PhaseStats ps = b.phase(part);
        if (ps == null) {
          continue;
        }
        TargetResult t = p.targets("load", g.getKey()).stream().filter(x -> x.metric().startsWith(part + "_")).findFirst().orElse(null);
        h.tr(t != null && t.blocks() ? "endpoint bad" : "endpoint", Html.cell(Html.esc(part)), Html.num(Fmt.ms(ps.meanMs())),
            Html.num(Fmt.pct(100 * ps.share())), Html.num(Fmt.ms(ps.p50Ms())), Html.num(Fmt.ms(ps.p95Ms())),
            Html.num(Fmt.ms(ps.p99Ms())), Html.num(Fmt.ms(ps.maxMs())),
            Html.num(t == null ? "" : t.metric().substring(part.length() + 1).replace("_ms", "") + " " + TargetText.limit(t)),
            Html.cell(t == null ? "" : Html.badge(t)));
      }
      h.tr("endpoint", Html.cell("<i>server total</i>"), Html.num(Fmt.ms(b.server().meanMs())),
          Html.num(Fmt.pct(100 * b.server().share())), Html.num(Fmt.ms(b.server().p50Ms())), Html.num(Fmt.ms(b.server().p95Ms())),
          Html.num(Fmt.ms(b.server().p99Ms())), Html.num(Fmt.ms(b.server().maxMs())), Html.num(""), Html.cell(""));
    }
    h.tableEnd();
  }

  /** The group's targets: requests summed, the judged statistic from its target, pass. */
  private static void groupRow(Html h, Page p, String group, List<Endpoint> eps) {
    TargetResult latency = p.targets("load", group).stream().filter(t -> t.metric().endsWith("_ms")).findFirst().orElse(null);
    TargetResult errors = p.target("load", group, "error_rate_pct");
    long requests = eps.stream().mapToLong(Endpoint::requests).sum();
    long ko = eps.stream().mapToLong(Endpoint::ko).sum();
    double rps = eps.stream().mapToDouble(Endpoint::rps).sum();
    String judged = latency == null ? "" : latency.metric();
    String value = latency == null ? "" : Fmt.ms(latency.actual());
    boolean any = latency != null || errors != null;
    boolean pass = (latency == null || !latency.blocks()) && (errors == null || !errors.blocks());
    h.tr(any && !pass ? "group bad" : "group", Html.cell("group <b>" + Html.esc(group) + "</b>"),
        Html.num(String.valueOf(requests)), Html.num(String.valueOf(ko)),
        Html.num(requests == 0 ? "-" : Fmt.pct(100.0 * ko / requests)), Html.num(Fmt.num(rps)),
        Html.num(latency == null || latency.meanMs() == null ? "" : Fmt.ms(latency.meanMs())),
        Html.num("p50_ms".equals(judged) ? value : ""), Html.num("p95_ms".equals(judged) ? value : ""),
        Html.num("p99_ms".equals(judged) ? value : ""), Html.num("max_ms".equals(judged) ? value : ""),
        Html.num(targetText(latency, errors)), Html.cell(!any ? "" : pass && latency != null && TargetText.accepted(latency) ? Html.badge(latency)
            : pass && errors != null && TargetText.accepted(errors) ? Html.badge(errors) : Html.badge(pass)));
  }

  private static String targetText(TargetResult latency, TargetResult errors) {
    String l = latency == null ? "" : latency.metric().replace("_ms", "") + " " + TargetText.limit(latency);
    String e = errors == null ? "" : "errors " + TargetText.limit(errors);
    return l.isEmpty() || e.isEmpty() ? l + e : l + ", " + e;
  }

  private static void endpointRow(Html h, Endpoint e, String cls, String nameHtml, String target, String badge) {
    double errorRate = e.requests() == 0 ? 0 : 100.0 * e.ko() / e.requests();
    String ko = e.ko() == 0 || e.koByStatus() == null || e.koByStatus().isEmpty() ? String.valueOf(e.ko())
        : e.ko() + " (" + e.koByStatus().entrySet().stream().map(x -> x.getKey() + ": " + x.getValue())
            .collect(java.util.stream.Collectors.joining(", ")) + ")";
    h.tr(cls, Html.cell(nameHtml), Html.num(String.valueOf(e.requests())), Html.num(ko),
        Html.num(Fmt.pct(errorRate)), Html.num(Fmt.num(e.rps())), Html.num(Fmt.ms(e.meanMs())), Html.num(Fmt.ms(e.p50Ms())),
        Html.num(Fmt.ms(e.p95Ms())), Html.num(Fmt.ms(e.p99Ms())), Html.num(Fmt.ms(e.maxMs())),
        Html.num(e.work() == null ? "-" : Fmt.num(e.work().statementsPerRequest())),
        Html.num(e.work() == null || e.work().blocksPerRequest() == null ? "-" : Fmt.num(e.work().blocksPerRequest())), Html.num(target),
        Html.cell(badge));
  }

  private static String facts(Load l) {
    return "Profile " + (l.profile() == null ? "-" : l.profile()) + (l.simulation() == null ? "" : " · " + l.simulation())
        + " · " + Fmt.withUnit(l.durationSeconds(), "s") + " · scheduled " + Fmt.withUnit(l.scheduledRps(), "rps")
        + " · achieved " + Fmt.withUnit(l.achievedRps(), "rps") + " successful on time"
        + (l.scheduledRps() > 0 ? " (" + Fmt.pct(100 * l.achievedRps() / l.scheduledRps()) + " of scheduled)" : "")
        + (l.targetUrl() == null ? "" : " · against " + l.targetUrl())
        + (l.drainSeconds() == null ? "" : " · last response " + Fmt.withUnit(l.drainSeconds(), "s") + " after the injection ended")
        + (l.gatlingExitCode() == null ? "" : " · Gatling exit code " + l.gatlingExitCode());
  }

  /**
   * The load generator's own health: its pauses (jHiccup's method) and its schedule, with the
   * seconds of the timeline a pause or an arrival gap over its limit covers.
   */
  private static void generator(Html h, Page p, Load load) {
    GeneratorHealth g = load.generatorHiccups();
    Schedule s = load.schedule();
    if (g == null && s == null) {
      return;
    }
    h.h3("Load generator");
    TargetResult pause = p.target("load", "generator", "generator_max_pause_ms");
    TargetResult kept = p.target("load", "generator", "schedule_kept");
    h.tableStart("generator", "check", "#measured", "#target", "pass");
    if (g != null) {
      h.tr(Html.rowClass(pause), Html.td("longest pause of the generator's JVM (p50 " + Fmt.ms(g.p50Ms()) + ", p99 "
              + Fmt.ms(g.p99Ms()) + ", " + g.samples() + " wake-ups of a 1 ms sleeper)"),
          Html.num(Fmt.ms(g.maxMs())), Html.num(pause == null ? "" : TargetText.limit(pause)),
          Html.cell(pause == null ? "" : Html.badge(pause)));
    }
    if (s != null) {
      h.tr(Html.rowClass(kept), Html.td("users started on schedule (" + Fmt.num(s.startedPct()) + " % started; backlog "
              + Fmt.num(s.backlogS()) + " s; longest arrival gap " + Fmt.ms(s.maxArrivalGapMs()) + ", limit "
              + Fmt.ms(s.arrivalGapLimitMs()) + ")"),
          Html.num(s.kept() ? "yes" : "no"), Html.num(kept == null ? "" : "yes"), Html.cell(kept == null ? "" : Html.badge(kept)));
    }
    h.tableEnd();
    List<String> stalls = new ArrayList<>();
    if (g != null && g.pauses() != null) {
      g.pauses().stream().filter(x -> pause == null || x.ms() >= pause.limit())
          .forEach(x -> stalls.add("paused " + Fmt.ms(x.ms()) + " at " + x.seconds()));
    }
    if (s != null && s.lateGaps() != null) {
      s.lateGaps().forEach(x -> stalls.add("no user started for " + Fmt.ms(x.ms()) + " at " + x.seconds()));
    }
    if (!stalls.isEmpty()) {
      h.p("alert", "The load generator stalled: " + String.join("; ", stalls) + " of the load timeline (shaded in the charts"
          + " below). Requests due then went out late and were timed from their late start, so latencies there are understated.");
    } else {
      h.p("muted", "A pause of the generator's JVM, or a gap between user arrivals longer than Poisson arrivals at the"
          + " scheduled rate allow, would be named here with the seconds it covers.");
    }
  }

  /** The injectors of a distributed load: each one's share, its own schedule check and pauses; a missing one in red. */
  private static void injectors(Html h, Load load) {
    if (load.injectors() == null || load.injectors().isEmpty()) {
      return;
    }
    h.h3("Load injectors");
    h.tableStart("injectors", "injector", "host", "started", "#offset s", "#requests", "#ko", "#pause p99", "#pause max", "own schedule");
    for (Load.Injector i : load.injectors()) {
      boolean ok = "ok".equals(i.status());
      h.tr(!ok || Boolean.FALSE.equals(i.scheduleKept()) ? "bad" : "", Html.td(i.index() + "/" + i.count()),
          Html.td(i.host() == null ? "" : i.host()), Html.td(ok ? String.valueOf(i.startedAt()) : "missing"),
          Html.num(i.offsetSeconds() == null ? "" : String.valueOf(i.offsetSeconds())),
          Html.num(i.requests() == null ? "" : String.valueOf(i.requests())), Html.num(i.ko() == null ? "" : String.valueOf(i.ko())),
          Html.num(i.pauseP99Ms() == null ? "" : Fmt.ms(i.pauseP99Ms())), Html.num(i.pauseMaxMs() == null ? "" : Fmt.ms(i.pauseMaxMs())),
          Html.td(i.scheduleKept() == null ? "" : i.scheduleKept() ? "kept" : "not kept"));
    }
    h.tableEnd();
    h.p("muted", "Each injector ran 1/" + load.injectors().get(0).count() + " of the scheduled rate as its own random stream;"
        + " the figures above are their recordings added exactly (histograms summed, timelines aligned by wall-clock second)."
        + " A missing injector's share of the load was not applied, which fails the schedule.");
  }

  private static void timeline(Html h, Page p, Load load) {
    List<TimePoint> points = load.timeline();
    ObjectNode t = p.data().putObject("timeline");
    ArrayNode stalls = t.putArray("stalls");
    TargetResult pause = p.target("load", "generator", "generator_max_pause_ms");
    if (load.generatorHiccups() != null && load.generatorHiccups().pauses() != null) {
      for (GeneratorHealth.Span x : load.generatorHiccups().pauses()) {
        if (pause == null || x.ms() >= pause.limit()) {
          stalls.addObject().put("from", x.startS()).put("to", x.endS()).put("label", "pause " + Fmt.ms(x.ms()));
        }
      }
    }
    if (load.schedule() != null && load.schedule().lateGaps() != null) {
      for (GeneratorHealth.Span x : load.schedule().lateGaps()) {
        stalls.addObject().put("from", x.startS()).put("to", x.endS()).put("label", "no arrivals " + Fmt.ms(x.ms()));
      }
    }
    ArrayNode sec = t.putArray("t");
    ArrayNode req = t.putArray("requests");
    ArrayNode sched = t.putArray("scheduled");
    ArrayNode ko = t.putArray("ko");
    ArrayNode p50 = t.putArray("p50");
    ArrayNode p99 = t.putArray("p99");
    ArrayNode max = t.putArray("max");
    for (TimePoint tp : points) {
      sec.add(tp.tSeconds());
      req.add(tp.requests());
      sched.add(tp.scheduledRps());
      ko.add(tp.ko());
      p50.add(tp.p50Ms());
      p99.add(tp.p99Ms());
      max.add(tp.maxMs());
    }
    h.h3("Throughput over time");
    h.chart("chart-throughput", 280);
    h.h3("Latency over time (all endpoints)");
    h.chart("chart-latency", 300);
  }
}
