package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.TargetResult;
import dev.apexbench.reports.model.TimePoint;
import java.util.ArrayList;
import java.util.List;

/** HTTP load: throughput and latency over time, and the per-endpoint table with group targets. */
final class LoadSection {

  private LoadSection() {}

  static void render(Html h, Page p) {
    Load load = p.results().load();
    h.raw("<section>\n").h2("load", "HTTP load (Gatling, open model)");
    if (load == null || (load.total() == null && (load.endpoints() == null || load.endpoints().isEmpty()))) {
      h.p("muted", "No load: " + p.command() + " run did not drive the api.");
      h.raw("</section>\n");
      return;
    }
    h.p("note", facts(load));
    if (!load.rateKept()) {
      h.p("alert", "The load generator did not keep the scheduled rate" + (load.rateNote() == null ? "." : ": " + load.rateNote()));
    }
    if (load.timeline() != null && !load.timeline().isEmpty()) {
      timeline(h, p, load.timeline());
    }
    List<Endpoint> rows = new ArrayList<>(load.endpoints() == null ? List.of() : load.endpoints());
    h.h3("Endpoints");
    h.tableStart("endpoints", "endpoint", "group", "#requests", "#ko", "#error rate", "#rps", "#mean", "#p50", "#p95", "#p99",
        "#max", "#group target", "pass");
    for (Endpoint e : rows) {
      endpointRow(h, p, e, false);
    }
    if (load.total() != null) {
      endpointRow(h, p, load.total(), true);
    }
    h.tableEnd();
    h.p("muted", "The group target is judged on the group's merged histogram; a row shows the target of its group.");
    h.raw("</section>\n");
  }

  private static void endpointRow(Html h, Page p, Endpoint e, boolean total) {
    String group = total ? "total" : e.group();
    TargetResult latency = group == null ? null : p.targets("load", group).stream()
        .filter(t -> t.metric().endsWith("_ms")).findFirst().orElse(null);
    TargetResult errors = group == null ? null : p.target("load", group, "error_rate_pct");
    boolean pass = (latency == null || latency.pass()) && (errors == null || errors.pass());
    double errorRate = e.requests() == 0 ? 0 : 100.0 * e.ko() / e.requests();
    h.tr(total ? "total" + (pass ? "" : " bad") : pass ? "" : "bad",
        Html.code(total ? "all endpoints" : e.name()), Html.td(group == null ? "" : group),
        Html.num(String.valueOf(e.requests())), Html.num(String.valueOf(e.ko())), Html.num(Fmt.pct(errorRate)),
        Html.num(Fmt.num(e.rps())), Html.num(Fmt.ms(e.meanMs())), Html.num(Fmt.ms(e.p50Ms())), Html.num(Fmt.ms(e.p95Ms())),
        Html.num(Fmt.ms(e.p99Ms())), Html.num(Fmt.ms(e.maxMs())),
        Html.num(latency == null ? "" : latency.metric().replace("_ms", "") + " " + TargetText.limit(latency)),
        Html.cell(latency == null && errors == null ? "" : Html.badge(pass)));
  }

  private static String facts(Load l) {
    return "Profile " + (l.profile() == null ? "-" : l.profile()) + (l.simulation() == null ? "" : " · " + l.simulation())
        + " · " + Fmt.withUnit(l.durationSeconds(), "s") + " · scheduled " + Fmt.withUnit(l.scheduledRps(), "rps")
        + " · achieved " + Fmt.withUnit(l.achievedRps(), "rps")
        + (l.targetUrl() == null ? "" : " · against " + l.targetUrl())
        + (l.gatlingExitCode() == null ? "" : " · Gatling exit code " + l.gatlingExitCode());
  }

  private static void timeline(Html h, Page p, List<TimePoint> points) {
    ObjectNode t = p.data().putObject("timeline");
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
