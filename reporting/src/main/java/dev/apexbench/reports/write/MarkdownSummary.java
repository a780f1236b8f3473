package dev.apexbench.reports.write;

import dev.apexbench.reports.model.Breakdown;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import dev.apexbench.reports.model.TargetResult;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.md}: the verdict and a compact target table for a CI job summary
 * ({@code $GITHUB_STEP_SUMMARY}) or a pull-request comment. Failing targets first; the passing
 * ones folded away; regressions against a baseline listed when compared.
 */
final class MarkdownSummary {

  private MarkdownSummary() {}

  static String render(Results r) {
    StringBuilder sb = new StringBuilder();
    boolean pass = "pass".equals(r.verdict());
    sb.append("## ").append(pass ? "✅" : "❌").append(" apex-bench: ").append(TargetText.verdict(r))
        .append(r.verdicts() == null || r.verdicts().gate() == null ? "" : " (gate: " + cell(r.verdicts().gate()) + ")").append("\n\n");
    sb.append(TargetText.count(r)).append(runLine(r.run())).append("\n\n");
    if (!TargetText.gate(r).isEmpty()) {
      sb.append(cell(TargetText.gate(r))).append("\n\n");
    }
    for (String p : TargetText.failedPhases(r)) {
      sb.append("- **").append(cell(p)).append("**\n");
    }
    if (!TargetText.failedPhases(r).isEmpty()) {
      sb.append('\n');
    }
    List<TargetResult> sorted = TargetText.failingFirst(r);
    List<TargetResult> failing = sorted.stream().filter(t -> TargetText.fails(r, t)).toList();
    List<TargetResult> accepted = sorted.stream().filter(TargetText::accepted).toList();
    List<TargetResult> outside = sorted.stream().filter(t -> t.blocks() && !TargetText.gating(r, t)).toList();
    List<TargetResult> passing = sorted.stream().filter(t -> !t.blocks() && !TargetText.accepted(t)).toList();
    if (!failing.isEmpty()) {
      table(sb, failing);
    }
    if (!accepted.isEmpty()) {
      sb.append("**Accepted breaches** (listed under `accepted` in the targets file):\n\n");
      sb.append("| target | actual | limit | until | reason |\n|---|--:|--:|---|---|\n");
      for (TargetResult t : accepted) {
        sb.append("| ").append(cell(t.name())).append(" | ").append(cell(TargetText.actual(t))).append(" | ")
            .append(cell(TargetText.limit(t))).append(" | ").append(cell(t.acceptance().until())).append(" | ")
            .append(cell(t.acceptance().reason())).append(" |\n");
      }
      sb.append('\n');
    }
    if (!outside.isEmpty()) {
      sb.append("<details><summary>").append(outside.size()).append(" failing targets outside the gate (")
          .append(cell(r.verdicts().gate())).append(" decides)</summary>\n\n");
      table(sb, outside);
      sb.append("</details>\n\n");
    }
    if (!passing.isEmpty()) {
      sb.append("<details><summary>").append(passing.size()).append(" targets passed</summary>\n\n");
      table(sb, passing);
      sb.append("</details>\n\n");
    }
    breakdown(sb, r);
    if (r.load() != null && r.load().injectors() != null && r.load().injectors().size() > 1) {
      var inj = r.load().injectors();
      long missing = inj.stream().filter(i -> !"ok".equals(i.status())).count();
      long behind = inj.stream().filter(i -> Boolean.FALSE.equals(i.scheduleKept())).count() - missing;
      sb.append("**Load from ").append(inj.size()).append(" injectors**, merged exactly: ")
          .append(missing == 0 ? "all ran" : missing + " missing (" + String.join(", ", inj.stream().filter(i -> !"ok".equals(i.status()))
              .map(i -> i.index() + "/" + i.count()).toList()) + ")")
          .append(behind > 0 ? ", " + behind + " behind its own schedule" : "").append(".\n\n");
    }
    if (r.load() != null && r.load().mvRefresh() != null) {
      sb.append("**Materialized view refreshed every ").append(r.load().mvRefresh().everySeconds()).append(" s during the load**: ")
          .append(cell(r.load().mvRefresh().note())).append("\n\n");
    }
    capacity(sb, r.capacity());
    experiment(sb, r.experiment());
    dr(sb, r.dr());
    if (r.comparison() != null) {
      comparison(sb, r.comparison());
    }
    return sb.toString();
  }

  /** The drill in three lines: RTO, RPO, checks. */
  private static void dr(StringBuilder sb, dev.apexbench.reports.model.Dr d) {
    if (d == null) {
      return;
    }
    long failed = d.checks().stream().filter(c -> !c.pass()).count();
    sb.append("**Disaster recovery drill** (scale ").append(Fmt.plain(d.scale())).append("):\n\n");
    if (!d.physical()) {
      var l = d.logicalBackup();
      sb.append("- RTO (logical restore into a scratch database, checks): ").append(Fmt.withUnit(d.rtoSeconds(), "s"));
      if (l != null && l.dumpSeconds() != null) {
        sb.append("; pg_dump ").append(Fmt.withUnit(l.dumpSeconds(), "s"));
      }
      sb.append('\n');
      sb.append("- RPO: not measured (the physical drill runs only on servers bench dr starts)\n");
      sb.append("- ").append(d.checks().size() - failed).append(" of ").append(d.checks().size()).append(" checks hold\n\n");
      return;
    }
    sb.append("- RTO (after a crash: restore to the end of the archive, to the first query): ").append(Fmt.withUnit(d.rtoSeconds(), "s"))
        .append("; integrity checks ").append(d.verifySeconds() == null ? "-" : Fmt.withUnit(d.verifySeconds(), "s"))
        .append(" more; base backup ").append(Fmt.withUnit(d.backupSeconds(), "s")).append('\n');
    sb.append("- RPO bound: ").append(d.rpoWorstSeconds() == null ? "-" : Fmt.withUnit(d.rpoWorstSeconds(), "s")).append(" (archive_timeout ")
        .append(Fmt.withUnit(d.archiveTimeoutSeconds(), "s")).append(" + archiver lag); this crash lost ").append(d.lostWrites())
        .append(" writes, the earliest ").append(d.rpoSeconds() == null ? "-" : Fmt.withUnit(d.rpoSeconds(), "s")).append(" before it\n");
    sb.append("- point-in-time recovery ").append(d.pitr() != null && d.pitr().verified() ? "verified" : "**not verified**")
        .append("; ").append(d.checks().size() - failed).append(" of ").append(d.checks().size()).append(" checks hold\n\n");
  }

  /** Per query, each variant's p95 and the change against the first. */
  private static void experiment(StringBuilder sb, dev.apexbench.reports.model.Experiment e) {
    if (e == null || e.variants().isEmpty()) {
      return;
    }
    var ref = e.variants().get(0);
    sb.append("**Schema variants** (p95, change against ").append(cell(ref.variant())).append("):\n\n| query |");
    for (var v : e.variants()) {
      sb.append(' ').append(cell(v.variant())).append(" |");
    }
    sb.append("\n|---|");
    sb.append("--:|".repeat(e.variants().size())).append('\n');
    for (var q : ref.queries()) {
      sb.append("| ").append(cell(q.name())).append(" |");
      for (var v : e.variants()) {
        var m = v.queries().stream().filter(x -> x.name().equals(q.name())).findFirst().orElse(null);
        var c = v.comparison() == null ? null : v.comparison().metrics().stream()
            .filter(x -> x.subject().equals(q.name()) && x.metric().startsWith("p95")).findFirst().orElse(null);
        sb.append(' ').append(m == null ? "-" : Fmt.ms(m.p95Ms())).append(c == null ? "" : " (" + Fmt.change(c.changePct()) + ")")
            .append(m != null && m.plan() != null && m.plan().violation() ? " ⚠️ plan" : "").append(" |");
      }
      sb.append('\n');
    }
    sb.append("| targets |");
    for (var v : e.variants()) {
      sb.append(' ').append(v.verdict()).append(" |");
    }
    sb.append("\n\n");
  }

  /** Capacity in four lines: sustainable rate, knee, bottleneck, first breach (and the USL). */
  private static void capacity(StringBuilder sb, dev.apexbench.reports.model.Capacity c) {
    if (c == null) {
      return;
    }
    sb.append("**Capacity** (").append(c.steps().size()).append(" steps of ").append(Fmt.withUnit(c.stepSeconds(), "s")).append("):\n\n");
    sb.append("- max sustainable rate: ").append(c.maxSustainableRps() == null ? "none found"
        : Fmt.withUnit(c.maxSustainableRps(), "rps") + " offered (" + Fmt.withUnit(c.maxSustainableAchievedRps(), "rps") + " achieved)")
        .append("; ").append(cell(c.note())).append('\n');
    sb.append("- knee: ").append(c.kneeRps() == null ? "not reached" : Fmt.withUnit(c.kneeRps(), "rps")).append(" (p95 above ")
        .append(Fmt.plain(c.kneeFactor())).append("x the lowest step's)\n");
    if (c.bottleneck() != null) {
      sb.append("- bottleneck: **").append(cell(c.bottleneck().name())).append("**: ").append(cell(c.bottleneck().evidence())).append('\n');
    }
    sb.append("- first target to break: ").append(c.firstBreach() == null ? "none" : cell(c.firstBreach())).append('\n');
    if (c.growth() != null && !c.growth().isEmpty()) {
      var first = c.growth().stream().filter(g -> g.breachedAt() != null || g.projectedBreachScale() != null)
          .min(java.util.Comparator.comparingDouble(g -> g.breachedAt() != null ? g.breachedAt() : g.projectedBreachScale())).orElse(null);
      sb.append("- first query to break with growth: ").append(first == null ? "none within the projection"
          : cell(first.query()) + " (" + cell(first.note()) + ", exponent " + first.growthExponent() + ")").append('\n');
    }
    if (c.usl() != null) {
      var u = c.usl();
      sb.append("- USL: ").append(u.sigma() == null ? cell(u.note()) : "sigma " + u.sigma() + ", kappa " + u.kappa() + ", lambda "
          + Fmt.withUnit(u.lambda(), "rps") + ", R2 " + u.r2() + (u.peakRps() == null ? "" : ", peak " + Fmt.withUnit(u.peakRps(), "rps"))
          + "; " + cell(u.note())).append('\n');
    }
    sb.append('\n');
  }

  /** One line per endpoint group: where its time went, the part dominating at p95 first. */
  private static void breakdown(StringBuilder sb, Results r) {
    if (r.load() == null || r.load().breakdown() == null || r.load().breakdown().isEmpty()) {
      return;
    }
    sb.append("**Where the time went** (api Server-Timing, client p95 and each part's p95):\n\n");
    for (java.util.Map.Entry<String, Breakdown> g : r.load().breakdown().entrySet()) {
      Breakdown b = g.getValue();
      Breakdown.PhaseStats d = b.phase(b.dominantP95());
      sb.append("- ").append(cell(g.getKey())).append(": p95 ").append(Fmt.ms(b.client().p95Ms())).append(", dominated by **")
          .append(cell(b.dominantP95())).append("** (p95 ").append(Fmt.ms(d == null ? null : d.p95Ms())).append(", ")
          .append(d == null ? "-" : Fmt.pct(100 * d.share())).append(" of the mean); ");
      List<String> rest = new java.util.ArrayList<>();
      for (String part : Breakdown.PARTS) {
        Breakdown.PhaseStats ps = b.phase(part);
        if (ps != null && !part.equals(b.dominantP95())) {
          rest.add(part + " " + Fmt.ms(ps.p95Ms()));
        }
      }
      sb.append(cell(String.join(", ", rest))).append('\n');
    }
    sb.append('\n');
  }

  private static void table(StringBuilder sb, List<TargetResult> rows) {
    sb.append("| target | actual | limit | pass |\n|---|--:|--:|:-:|\n");
    for (TargetResult t : rows) {
      sb.append("| ").append(cell(t.name())).append(" | ").append(cell(TargetText.actual(t)))
          .append(" | ").append(cell(TargetText.limit(t))).append(" | ").append(mark(t)).append(" |\n");
    }
    sb.append('\n');
  }

  private static String mark(TargetResult t) {
    return switch (TargetText.status(t)) {
      case "pass" -> t.acceptance() == null ? "✅" : "✅ accepted but now passing: remove it";
      case "expired" -> "❌ acceptance expired " + cell(t.acceptance().until());
      case "accepted" -> "⚠️ accepted";
      default -> "❌";
    };
  }

  private static void comparison(StringBuilder sb, Comparison c) {
    List<Comparison.MetricChange> changed = c.metrics() == null ? List.of()
        : c.metrics().stream().filter(m -> !Comparison.NO_CHANGE.equals(m.verdict())).toList();
    sb.append("**Compared with `").append(cell(c.baselineRun())).append("`: ").append(c.verdict()).append("** (")
        .append(c.metrics() == null ? 0 : c.metrics().size()).append(" metrics, minimum effect ")
        .append(Fmt.plain(c.minEffectPct())).append(" % and ").append(Fmt.plain(c.minEffectMs())).append(" ms, alpha ").append(Fmt.plain(c.alpha()))
        .append(c.forced() ? ", forced despite: " + cell(String.join("; ", c.mismatches())) : "").append(")\n\n");
    if (!changed.isEmpty()) {
      sb.append("| subject | metric | baseline | current | change | p (Holm) | can see | verdict |\n|---|---|--:|--:|--:|--:|--:|---|\n");
      for (Comparison.MetricChange m : changed) {
        boolean work = ComparisonSection.isWork(m);
        sb.append("| ").append(cell(m.subject())).append(" | ").append(m.metric()).append(" | ")
            .append(work ? Fmt.num(m.baseline()) : Fmt.ms(m.baseline())).append(" | ").append(work ? Fmt.num(m.current()) : Fmt.ms(m.current()))
            .append(" | ").append(Fmt.change(m.changePct())).append(" | ")
            .append(m.pAdjusted() == null ? (work ? "by rule" : "-") : String.format(Locale.ROOT, "%.2g", m.pAdjusted())).append(" | ")
            .append(cell(work ? (m.metric().equals("plan_signature") ? "any shape change" : "tolerance " + Fmt.num(m.minEffectPct()) + " %")
                : ComparisonSection.sees(m))).append(" | ").append(m.verdict()).append(" |\n");
      }
      sb.append('\n');
    }
    List<Comparison.MetricChange> blind = c.metrics() == null ? List.of()
        : c.metrics().stream().filter(m -> m.pValue() != null && (m.detectableMs() == null
            || (m.detectablePct() != null && m.detectablePct() > 2 * c.minEffectPct()))).toList();
    if (!blind.isEmpty()) {
      sb.append("<details><summary>").append(blind.size()).append(" metrics cannot see a change of twice the minimum effect")
          .append("</summary>\n\n| subject | metric | cannot see changes smaller than |\n|---|---|--:|\n");
      for (Comparison.MetricChange m : blind) {
        sb.append("| ").append(cell(m.subject())).append(" | ").append(m.metric()).append(" | ").append(cell(ComparisonSection.sees(m)))
            .append(" |\n");
      }
      sb.append("\n</details>\n\n");
    }
  }

  private static String runLine(RunInfo run) {
    if (run == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    if (run.id() != null) {
      sb.append(" · run `").append(cell(run.id())).append('`');
    }
    if (run.profile() != null) {
      sb.append(" · profile ").append(cell(run.profile()));
    }
    if (run.scale() != null) {
      sb.append(" · scale ").append(run.scale().stripTrailingZeros().toPlainString());
    }
    if (run.gitCommit() != null) {
      String c = run.gitCommit();
      sb.append(" · commit `").append(cell(c.length() > 12 ? c.substring(0, 12) : c)).append('`')
          .append(Boolean.TRUE.equals(run.gitDirty()) ? " (dirty)" : "");
    }
    return sb.toString();
  }

  /** Text safe in a GFM table cell: no line breaks, pipes escaped, no tag-like '<'. */
  static String cell(String s) {
    if (s == null) {
      return "";
    }
    return s.replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|").replaceAll("<(?=[A-Za-z/!?])", "&lt;").replace("`", "'");
  }
}
