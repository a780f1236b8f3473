package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Experiment;
import dev.apexbench.reports.model.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code bench experiment}: per query, each variant's latency and plan side by side, and the change against the first. */
final class ExperimentSection {
  private ExperimentSection() {}

  static void render(Html h, Page p) {
    Experiment e = p.results().experiment();
    if (e == null || e.variants().isEmpty()) {
      return;
    }
    Experiment.Variant ref = e.variants().get(0);
    h.raw("<section>\n").h2("experiment", "Schema variants side by side");
    h.p("note", "Each variant measured in turn on the same server and dataset scale (explain, then JMH). Changes are against "
        + ref.variant() + ", with the statistics of bench compare (per-iteration p50 and p95, Mann-Whitney U, Holm; at least 15 %"
        + " and 0.1 ms). ! marks a plan that missed its intended index or read a relation by a sequential scan.");
    com.fasterxml.jackson.databind.node.ObjectNode ed = p.data().putObject("experiment");
    com.fasterxml.jackson.databind.node.ArrayNode names = ed.putArray("queries");
    ref.queries().forEach(q -> names.add(q.name()));
    com.fasterxml.jackson.databind.node.ArrayNode vsd = ed.putArray("variants");
    for (Experiment.Variant v : e.variants()) {
      com.fasterxml.jackson.databind.node.ObjectNode o = vsd.addObject().put("variant", v.variant());
      com.fasterxml.jackson.databind.node.ArrayNode p95 = o.putArray("p95");
      for (QueryResult q : ref.queries()) {
        QueryResult m = v.queries().stream().filter(x -> x.name().equals(q.name())).findFirst().orElse(null);
        if (m == null || m.p95Ms() == null) {
          p95.addNull();
        } else {
          p95.add(m.p95Ms());
        }
      }
    }
    h.chart("chart-experiment", 60 + 26 * ref.queries().size());
    List<String> headers = new ArrayList<>(List.of("query"));
    for (Experiment.Variant v : e.variants()) {
      headers.add("#" + v.variant() + " p50 / p95");
      headers.add(v.variant() + " plan");
      if (v != ref) {
        headers.add("#p95 change");
      }
    }
    h.tableStart("experiment", headers.toArray(String[]::new));
    for (QueryResult q : ref.queries()) {
      List<String> cells = new ArrayList<>(List.of(Html.cell("<code>" + Html.esc(q.name()) + "</code>")));
      for (Experiment.Variant v : e.variants()) {
        QueryResult m = v.queries().stream().filter(x -> x.name().equals(q.name())).findFirst().orElse(null);
        cells.add(Html.num(m == null ? "-" : Fmt.ms(m.p50Ms()) + " / " + Fmt.ms(m.p95Ms())));
        cells.add(Html.cell(m == null || m.plan() == null ? "-" : Html.esc(String.join(", ",
            m.plan().indexesUsed() == null || m.plan().indexesUsed().isEmpty() ? List.of("no index") : m.plan().indexesUsed()))
            + (m.plan().violation() ? " <b>!</b>" : "")));
        if (v != ref) {
          Comparison.MetricChange c = v.comparison() == null ? null : v.comparison().metrics().stream()
              .filter(x -> x.subject().equals(q.name()) && x.metric().startsWith("p95")).findFirst().orElse(null);
          cells.add(Html.num(c == null ? "-" : Fmt.change(c.changePct()) + " (" + c.verdict() + ")"));
        }
      }
      h.tr("", cells.toArray(String[]::new));
    }
    h.tableEnd();
    h.tableStart("variants", "variant", "#indexes", "#index size", "#index build (REINDEX)", "targets");
    for (Experiment.Variant v : e.variants()) {
      double build = v.indexes().stream().mapToDouble(Experiment.Index::buildMs).sum();
      h.tr(v.verdict().equals("pass") ? "" : "bad", Html.cell("<b>" + Html.esc(v.variant()) + "</b>: " + Html.esc(v.description())),
          Html.num(String.valueOf(v.indexes().size())), Html.num(String.format(Locale.ROOT, "%.1f MiB", v.indexBytes() / 1048576.0)),
          Html.num(Fmt.withUnit(Math.round(build) * 1.0, "ms")), Html.cell(Html.esc(v.verdict() + " ("
              + v.targets().stream().filter(t -> t.pass()).count() + " of " + v.targets().size() + " query and plan targets met)")));
    }
    h.tableEnd();
    if (e.variants().stream().anyMatch(v -> v.load() != null)) {
      h.h3("Under load (the profile's full mix through the api)");
      List<String> lh = new ArrayList<>(List.of("endpoint group"));
      e.variants().forEach(v -> lh.add("#" + v.variant() + " p95 (errors)"));
      h.tableStart("variant-load", lh.toArray(String[]::new));
      for (String g : dev.apexbench.reports.model.Endpoint.GROUPS) {
        List<String> cells = new ArrayList<>(List.of(Html.cell(Html.esc(g))));
        boolean any = false;
        for (Experiment.Variant v : e.variants()) {
          var t = v.targets() == null ? null : v.targets().stream()
              .filter(x -> x.kind().equals("load") && x.subject().equals(g) && x.metric().equals("p95_ms")).findFirst().orElse(null);
          var err = v.targets() == null ? null : v.targets().stream()
              .filter(x -> x.kind().equals("load") && x.subject().equals(g) && x.metric().equals("error_rate_pct")).findFirst().orElse(null);
          any |= t != null;
          cells.add(Html.num(t == null ? "-" : Fmt.ms(t.actual()) + (err == null || err.actual() == null ? "" : " (" + Fmt.pct(err.actual()) + ")")));
        }
        if (any) {
          h.tr("", cells.toArray(String[]::new));
        }
      }
      h.tableEnd();
    }
    if (e.variants().stream().anyMatch(v -> v.writePath() != null && !v.writePath().isEmpty())) {
      h.h3("Write path");
      List<String> wh = new ArrayList<>(List.of("endpoint"));
      for (Experiment.Variant v : e.variants()) {
        wh.add("#" + v.variant() + " db mean / p95");
        wh.add("#" + v.variant() + " client p95");
      }
      h.tableStart("writes", wh.toArray(String[]::new));
      for (Experiment.WriteCost w : ref.writePath() == null ? List.<Experiment.WriteCost>of() : ref.writePath()) {
        List<String> cells = new ArrayList<>(List.of(Html.cell("<code>" + Html.esc(w.endpoint()) + "</code>")));
        for (Experiment.Variant v : e.variants()) {
          Experiment.WriteCost m = v.writePath() == null ? null
              : v.writePath().stream().filter(x -> x.endpoint().equals(w.endpoint())).findFirst().orElse(null);
          cells.add(Html.num(m == null || m.dbMeanMs() == null ? "-" : Fmt.ms(m.dbMeanMs()) + " / " + Fmt.ms(m.dbP95Ms())));
          cells.add(Html.num(m == null ? "-" : Fmt.ms(m.p95Ms())));
        }
        h.tr("", cells.toArray(String[]::new));
      }
      h.tableEnd();
      h.p("muted", "A short write-only load through the api on each variant (create, update, stale update, delete); db is the"
          + " Server-Timing phase holding the connection (statements and commit), to the microsecond, where every extra index's"
          + " maintenance shows; the client p95 is in whole milliseconds.");
    }
    h.raw("</section>\n");
  }
}
