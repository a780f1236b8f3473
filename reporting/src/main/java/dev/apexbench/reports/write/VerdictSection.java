package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import dev.apexbench.reports.model.TargetResult;
import java.nio.file.Files;
import java.util.List;

/** The top of the page: the verdict, failed phases, the failing targets, then all targets folded. */
final class VerdictSection {

  private VerdictSection() {}

  static void render(Html h, Page p) {
    Results r = p.results();
    String cls = r.verdict() == null ? "none" : r.verdict();
    h.raw("<header class=\"top\"><div class=\"verdict " + Html.esc(cls) + "\">").text(TargetText.verdict(r)).raw("</div><div>");
    h.raw("<h1>apex-bench").text(r.run() == null || r.run().id() == null ? "" : " · " + r.run().id()).raw("</h1>");
    h.p("sub", TargetText.count(r) + runFacts(r.run()));
    if (!TargetText.gate(r).isEmpty()) {
      h.p("sub", TargetText.gate(r));
    }
    h.raw("</div></header>\n");
    nav(h, p);
    h.raw("<section>\n");
    for (String phase : TargetText.failedPhases(r)) {
      h.p("alert", phase);
    }
    Comparison c = r.comparison();
    if (c != null) {
      h.raw("<p class=\"alert-" + (Comparison.REGRESSION.equals(c.verdict()) ? "bad" : "info") + "\">")
          .text("Compared with " + c.baselineRun() + ": " + c.verdict()).raw(" — <a href=\"#comparison\">details</a></p>\n");
    }
    List<TargetResult> failing = TargetText.failingFirst(r).stream().filter(t -> TargetText.fails(r, t)).toList();
    List<TargetResult> accepted = TargetText.failingFirst(r).stream().filter(TargetText::accepted).toList();
    h.h2("targets", failing.isEmpty() ? "Targets" : "Failing targets");
    if (r.targets() == null || r.targets().isEmpty()) {
      h.p("muted", "No targets were evaluated for this run.");
    } else if (failing.isEmpty()) {
      h.p("ok", TargetText.failures(r) + TargetText.notGating(r) + TargetText.acceptedCount(r) == 0
          ? "All " + r.targets().size() + " targets met." : "No target fails the gate.");
    } else {
      table(h, failing);
    }
    List<TargetResult> outside = TargetText.failingFirst(r).stream().filter(t -> t.blocks() && !TargetText.gating(r, t)).toList();
    if (!outside.isEmpty()) {
      h.h3("Failing outside the gate");
      h.p("muted", "These fail their check, but the run's gate is " + r.verdicts().gate() + ", so they do not decide the verdict.");
      table(h, outside);
    }
    if (!accepted.isEmpty()) {
      h.h3("Accepted breaches");
      h.p("muted", "Breaches listed under accepted in the targets file: shown, not failing the run, until their date.");
      table(h, accepted);
    }
    if (r.targets() != null && !r.targets().isEmpty()) {
      h.raw("<details><summary>All targets (" + r.targets().size() + ")</summary>\n");
      table(h, TargetText.failingFirst(r));
      h.raw("</details>\n");
    }
    h.raw("</section>\n");
  }

  private static void table(Html h, List<TargetResult> rows) {
    h.tableStart(null, "target", "kind", "#actual", "#limit", "#mean", "pass", "detail");
    for (TargetResult t : rows) {
      h.tr(Html.rowClass(t), Html.code(t.name()), Html.td(t.kind()), Html.num(TargetText.actual(t)),
          Html.num(TargetText.limit(t)), Html.num(t.meanMs() == null ? "" : Fmt.ms(t.meanMs())), Html.cell(Html.badge(t)),
          Html.td(TargetText.detail(t)));
    }
    h.tableEnd();
  }

  private static void nav(Html h, Page p) {
    Results r = p.results();
    h.raw("<nav><a href=\"#targets\">Targets</a><a href=\"#queries\">Queries</a><a href=\"#plans\">Plans</a>"
        + "<a href=\"#load\">Load</a><a href=\"#database\">Database</a>");
    if (r.comparison() != null) {
      h.raw("<a href=\"#comparison\">Comparison</a>");
    }
    h.raw("<a href=\"#environment\">Environment</a>");
    h.raw("<span class=\"files\">");
    if (r.load() != null && r.load().gatlingReport() != null && !r.load().gatlingReport().contains(":")
        && Files.exists(p.runDir().resolve(r.load().gatlingReport()))) {
      h.raw("<a href=\"" + Html.esc(r.load().gatlingReport()) + "\">Gatling report</a>");
    }
    if (Files.exists(p.runDir().resolve("jmh.json"))) {
      h.raw("<a href=\"jmh.json\">jmh.json</a>");
    }
    h.raw("<a href=\"results.json\">results.json</a></span></nav>\n");
  }

  private static String runFacts(RunInfo run) {
    if (run == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    if (run.command() != null) {
      sb.append(" · bench ").append(run.command());
    }
    if (run.profile() != null) {
      sb.append(" · profile ").append(run.profile());
    }
    if (run.scale() != null) {
      sb.append(" · scale ").append(run.scale().stripTrailingZeros().toPlainString());
    }
    if (run.startedAt() != null) {
      sb.append(" · started ").append(run.startedAt());
    }
    if (run.gitCommit() != null) {
      String c = run.gitCommit();
      sb.append(" · commit ").append(c.length() > 12 ? c.substring(0, 12) : c).append(Boolean.TRUE.equals(run.gitDirty()) ? " (dirty)" : "");
    }
    return sb.toString();
  }
}
