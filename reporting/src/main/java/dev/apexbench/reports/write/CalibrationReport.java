package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Calibration.MetricSpread;
import java.util.List;
import java.util.Locale;

/** The calibration's page: the summary, the power against known slowdowns, the generator's ceiling, and the spread per metric. */
public final class CalibrationReport {
  private CalibrationReport() {}

  public static String render(Calibration c) {
    Html b = new Html();
    b.raw("<section>\n").h2("calibration", "Calibration of this runner: " + (c.profile() == null ? "" : c.profile() + " profile"));
    b.p("verdict", c.summary());
    b.p("note", c.runs() + " runs of one build (" + (c.gitCommit() == null ? "commit unknown" : c.gitCommit()) + ") on one dataset, every pair"
        + " compared (" + c.pairs() + " pairs; " + c.disjointPairs() + " of them share no run, and only those count for the bounds)."
        + " The gate called " + c.gate().flagged() + " of " + c.pairs() + " pairs a regression with today's settings; 95 % upper bound on"
        + " that rate: " + Fmt.num(c.gate().upper95Pct()) + " %."
        + (c.gate().flaggedAtRecommended() == null ? "" : " With the recommended minimum effects: " + c.gate().flaggedAtRecommended() + " of "
            + c.pairs() + " (in-sample: the same runs set them), bound " + Fmt.num(c.gate().upper95AtRecommendedPct()) + " %."));
    if (c.notes() != null) {
      c.notes().forEach(n -> b.p("muted", n));
    }
    if (c.power() != null && !c.power().isEmpty()) {
      b.h3("Power against the reference server's injected slowdowns");
      b.raw(powerCurve(c.power()));
      b.tableStart(null, "#slowdown", "#comparisons", "#latency metrics", "#flagged", "#detected", "#the test alone", "#gate failed",
          "#total p95 change");
      for (Calibration.PowerPoint p : c.power()) {
        b.tr(p.slowdownPct() == 0 ? "" : p.detectedPct() >= 80 ? "good" : "", Html.num(Fmt.num(p.slowdownPct()) + " %"),
            Html.num(String.valueOf(p.comparisons())), Html.num(String.valueOf(p.metrics())), Html.num(String.valueOf(p.flagged())),
            Html.num(Fmt.num(p.detectedPct()) + " %"), Html.num(p.testAloneDetectedPct() == null ? "-" : Fmt.num(p.testAloneDetectedPct()) + " %"),
            Html.num(p.gateFailed() + " of " + p.comparisons()),
            Html.num(p.totalP95ChangePct() == null ? "-" : Fmt.change(p.totalP95ChangePct())));
      }
      b.tableEnd();
      b.p("muted", "Each slowdown's runs are compared with a baseline run of the same server at 0 %; the 0 % row is the false alarms"
          + " of the reference server itself. Detected: the share of the endpoints' and groups' p50 and p95 called a regression with"
          + " today's settings; the test alone: with the minimum effects at 0, what the rank test over the intervals resolves (a"
          + " calibrated minimum effect below the global one moves the first towards the second). "
          + (c.power().isEmpty() ? "" : "Each run: " + Fmt.num(c.power().get(0).seconds()) + " s of load."));
    }
    if (c.ceiling() != null) {
      b.h3("The load generator's ceiling");
      b.p("note", c.ceiling().note());
      b.tableStart(null, "#rate", "kept", "#achieved", "#max pause", "#max arrival gap", "note");
      for (Calibration.CeilingStep s : c.ceiling().steps()) {
        b.tr(s.kept() ? "" : "bad", Html.num(Fmt.withUnit(s.rps(), "rps")), Html.td(s.kept() ? "yes" : "no"),
            Html.num(Fmt.withUnit(s.achievedRps(), "rps")), Html.num(s.maxPauseMs() == null ? "-" : Fmt.ms(s.maxPauseMs())),
            Html.num(s.maxArrivalGapMs() == null ? "-" : Fmt.ms(s.maxArrivalGapMs())), Html.td(s.note() == null ? "" : s.note()));
      }
      b.tableEnd();
    }
    b.h3("Spread per metric");
    b.p("note", "CV: the between-run coefficient of variation of the metric's whole-run value (its 90 % upper bound beside it, which"
        + " the recommendations use). False alarms: pairs in which today's settings called the metric changed. Can see: the smallest"
        + " slowdown detected with 80 % power with the recommended minimum effect. Recommended: the minimum effect (latency) or"
        + " tolerance (work counters) that holds the gate's false alarms to " + Fmt.num(c.falseAlarmTargetPct()) + " % per comparison;"
        + " bench compare --calibration uses it.");
    b.tableStart(null, "subject", "metric", "#mean", "#CV", "#CV (90 % upper)", "#false alarms", "#95 % bound", "#can see (within a run)",
        "#can see", "#recommended");
    for (MetricSpread m : c.metrics()) {
      b.tr(m.falseAlarms() > 0 ? "bad" : "", Html.code(m.subject()), Html.td(m.metric()), Html.num(Fmt.num(m.mean())),
          Html.num(Fmt.num(m.cvPct()) + " %"), Html.num(Fmt.num(m.cvUpperPct()) + " %"), Html.num(m.falseAlarms() + " of " + m.pairs()),
          Html.num(Fmt.num(m.falseAlarmUpper95Pct()) + " %"), Html.num(m.withinRunCanSeePct() == null ? "-" : Fmt.num(m.withinRunCanSeePct()) + " %"),
          Html.num(m.detectablePct() == null ? (m.kind().equals("latency") ? "nothing" : "-") : Fmt.num(m.detectablePct()) + " %"),
          Html.num(m.recommendedMinEffectPct() == null ? "-" : Fmt.num(m.recommendedMinEffectPct()) + " %"));
    }
    b.tableEnd();
    b.raw("</section>\n");
    Html page = new Html();
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>apex-bench calibration</title>\n")
        .raw("<style>\n").raw(Assets.css()).raw("</style>\n</head>\n<body>\n<main>\n").raw(b.toString())
        .raw("<footer>apex-bench calibration · ").text(c.createdAt()).raw("</footer>\n</main>\n</body>\n</html>\n");
    return page.toString();
  }

  /** The detected share against the slowdown, as an inline SVG (no script needed). */
  static String powerCurve(List<Calibration.PowerPoint> points) {
    int w = 420, h = 200, left = 40, bottom = 30, top = 10, right = 10;
    double maxX = points.stream().mapToDouble(Calibration.PowerPoint::slowdownPct).max().orElse(20);
    maxX = maxX <= 0 ? 20 : maxX;
    StringBuilder s = new StringBuilder("<svg class=\"chart\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\""
        + " aria-label=\"detected share against slowdown\">");
    s.append("<line x1=\"").append(left).append("\" y1=\"").append(h - bottom).append("\" x2=\"").append(w - right).append("\" y2=\"")
        .append(h - bottom).append("\" stroke=\"#888\"/>");
    s.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left).append("\" y2=\"").append(h - bottom)
        .append("\" stroke=\"#888\"/>");
    double y80 = top + (h - top - bottom) * 0.2;
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>", left, y80,
        w - right, y80));
    s.append(String.format(Locale.ROOT, "<text x=\"2\" y=\"%.1f\" font-size=\"10\">80 %%</text>", y80 + 3));
    StringBuilder path = new StringBuilder();
    for (Calibration.PowerPoint p : points) {
      double x = left + (w - left - right) * p.slowdownPct() / maxX;
      double y = top + (h - top - bottom) * (1 - p.detectedPct() / 100);
      path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#36c\"/>", x, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s %%</text>", x, h - 12,
          Fmt.num(p.slowdownPct())));
    }
    s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#36c\"/>");
    s.append("<text x=\"2\" y=\"").append(top + 8).append("\" font-size=\"10\">100 %</text>");
    s.append("</svg>");
    return s.toString();
  }

  /** summary.md: the summary line and the recommended minimum effects of the latency metrics. */
  public static String markdown(Calibration c) {
    StringBuilder s = new StringBuilder("## apex-bench calibration\n\n").append(c.summary()).append("\n\n");
    s.append("| subject | metric | CV | false alarms | can see | recommended |\n|---|---|---:|---:|---:|---:|\n");
    for (MetricSpread m : c.metrics()) {
      if (m.recommendedMinEffectPct() == null) {
        continue;
      }
      s.append("| `").append(m.subject()).append("` | ").append(m.metric()).append(" | ").append(Fmt.num(m.cvPct())).append(" % | ")
          .append(m.falseAlarms()).append(" of ").append(m.pairs()).append(" | ")
          .append(m.detectablePct() == null ? "-" : Fmt.num(m.detectablePct()) + " %").append(" | ")
          .append(Fmt.num(m.recommendedMinEffectPct())).append(" % |\n");
    }
    return s.toString();
  }
}
