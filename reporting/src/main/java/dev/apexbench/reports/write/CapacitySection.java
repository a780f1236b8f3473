package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Capacity;

/** {@code bench capacity}: the steps, the sustainable rate, the knee, the bottleneck and the USL curve. */
final class CapacitySection {
  private CapacitySection() {}

  static void render(Html h, Page p) {
    Capacity c = p.results().capacity();
    if (c == null) {
      return;
    }
    h.raw("<section>\n").h2("capacity", "Capacity");
    h.p("note", "Max sustainable rate: " + (c.maxSustainableRps() == null ? "none found"
        : Fmt.withUnit(c.maxSustainableRps(), "rps") + " offered (" + Fmt.withUnit(c.maxSustainableAchievedRps(), "rps") + " achieved)")
        + " · knee (p95 above " + Fmt.plain(c.kneeFactor()) + "x the lowest step's, and staying there): "
        + (c.kneeRps() == null ? "not reached" : Fmt.withUnit(c.kneeRps(), "rps"))
        + " · first breach: " + (c.firstBreach() == null ? "none" : c.firstBreach()) + " · " + c.note());
    if (c.bottleneck() != null) {
      h.p(c.firstBreach() == null ? "muted" : "alert", "Bottleneck: " + c.bottleneck().name() + ". " + c.bottleneck().evidence());
    }
    Capacity.Usl u = c.usl();
    if (u != null) {
      h.p("note", u.sigma() == null ? "Universal Scalability Law: " + u.note()
          : "Universal Scalability Law X(N) = λN / (1 + σ(N−1) + κN(N−1)), fitted over " + u.points() + " steps: σ " + Fmt.num(u.sigma())
              + " (contention), κ " + u.kappa() + " (coherency), λ " + Fmt.withUnit(u.lambda(), "rps") + ", R² " + u.r2()
              + (u.peakRps() == null ? "" : "; peak " + Fmt.withUnit(u.peakRps(), "rps") + " at " + Fmt.num(u.peakConcurrency()) + " in flight")
              + "; " + u.note() + ".");
    }
    ObjectNode data = p.data().putObject("capacity");
    ArrayNode pts = data.putArray("steps");
    for (Capacity.Step st : c.steps()) {
      if (Capacity.Step.DISTURBED.equals(st.phase())) {
        continue; // set aside: the generator paused, the step was measured again
      }
      pts.addObject().put("offered", st.offeredRps()).put("achieved", st.achievedRps()).put("p95", st.p95Ms()).put("p99", st.p99Ms())
          .put("n", st.concurrency()).put("pass", st.pass());
    }
    if (u != null && u.sigma() != null) {
      data.putObject("usl").put("sigma", u.sigma()).put("kappa", u.kappa()).put("lambda", u.lambda()).put("maxN", u.maxMeasuredConcurrency());
    }
    h.chart("chart-capacity", 300);
    h.tableStart("capacity", "phase", "#offered rps", "#achieved rps", "#errors", "#p50", "#p95", "#p99", "#in flight", "#pool p95",
        "#api CPU", "#db xact/s", "verdict");
    for (Capacity.Step st : c.steps()) {
      h.tr(st.pass() ? "" : "bad", Html.cell(Html.esc(st.phase())), Html.num(Fmt.num(st.offeredRps())), Html.num(Fmt.num(st.achievedRps())),
          Html.num(Fmt.pct(st.errorRatePct())), Html.num(Fmt.ms(st.p50Ms())), Html.num(Fmt.ms(st.p95Ms())), Html.num(Fmt.ms(st.p99Ms())),
          Html.num(Fmt.num(st.concurrency())), Html.num(st.poolUtilizationP95Pct() == null ? "-" : Fmt.pct(st.poolUtilizationP95Pct())),
          Html.num(st.apiCpuPct() == null ? "-" : Fmt.pct(st.apiCpuPct())), Html.num(st.dbXactPerSec() == null ? "-" : Fmt.num(st.dbXactPerSec())),
          Html.cell(Capacity.Step.DISTURBED.equals(st.phase()) ? Html.esc("set aside (the generator paused " + Fmt.ms(st.generatorMaxPauseMs())
              + "): measured again") : st.pass() ? Html.badge(true) : Html.esc("failed: " + String.join(", ", st.failed()))));
    }
    h.tableEnd();
    if (c.growth() != null && !c.growth().isEmpty()) {
      h.h3("Growth with the data");
      ArrayNode gd = p.data().putArray("growth");
      for (Capacity.Growth g : c.growth()) {
        ObjectNode o = gd.addObject().put("query", g.query());
        ArrayNode ptsG = o.putArray("points");
        g.p95ByScale().forEach((sc, v) -> {
          if (v != null) {
            ptsG.addArray().add(Double.parseDouble(sc)).add(v);
          }
        });
        if (g.limitMs() != null) {
          o.put("limit", g.limitMs());
        }
        if (g.projectedBreachScale() != null) {
          o.put("breach", g.projectedBreachScale());
        }
      }
      h.chart("chart-growth", 360);
      java.util.List<String> heads = new java.util.ArrayList<>(java.util.List.of("query"));
      for (Capacity.Scale sc : c.scales()) {
        heads.add("#p95 at scale " + Fmt.plain(sc.scale()));
      }
      heads.addAll(java.util.List.of("#exponent", "#target", "#projected breach scale", "note"));
      h.tableStart("growth", heads.toArray(String[]::new));
      for (Capacity.Growth g : c.growth()) {
        java.util.List<String> cells = new java.util.ArrayList<>(java.util.List.of(Html.cell("<code>" + Html.esc(g.query()) + "</code>")));
        for (Capacity.Scale sc : c.scales()) {
          Double v = g.p95ByScale().get(Fmt.plain(sc.scale()));
          cells.add(Html.num(v == null ? "-" : Fmt.ms(v)));
        }
        cells.add(Html.num(g.growthExponent() == null ? "-" : Fmt.num(g.growthExponent())));
        cells.add(Html.num(g.limitMs() == null ? "none" : "< " + Fmt.ms(g.limitMs())));
        cells.add(Html.num(g.projectedBreachScale() == null ? "-" : Fmt.plain(g.projectedBreachScale())));
        cells.add(Html.cell(Html.esc(g.note())));
        h.tr(g.breachedAt() != null ? "bad" : "", cells.toArray(String[]::new));
      }
      h.tableEnd();
      h.p("muted", "Each scale seeded in turn and measured with JMH's short (smoke) iterations; the exponent is the slope of log p95"
          + " over log scale (0: an index lookup the data volume does not reach; 1: a scan growing with the data); the projected"
          + " breach is where that line crosses the query's p95 target, not beyond 1000x the largest measured scale. Scale 1 is"
          + " 50,000 rows; scale 30 is about a million events (the report's partitioning threshold).");
    }
    h.p("muted", "Each step is its own load run at a constant offered rate of the full mix; a response counts in its step."
        + " In flight is Little's law (achieved rate × mean response time); pool p95 is the api's active connections over its"
        + " maximum, sampled each second; api CPU is its JVM's CPU time over the step and the machine's cores.");
    h.raw("</section>\n");
  }
}
