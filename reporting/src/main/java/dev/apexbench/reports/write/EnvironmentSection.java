package dev.apexbench.reports.write;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.DbInfo;
import dev.apexbench.reports.model.Machine;
import dev.apexbench.reports.model.Phase;
import dev.apexbench.reports.model.RunInfo;
import java.util.TreeMap;

/** Where and how the numbers were measured: machine, JVM, server, settings, dataset, phases. */
final class EnvironmentSection {

  private EnvironmentSection() {}

  static void render(Html h, Page p) {
    RunInfo run = p.results().run();
    Datagen d = p.results().datagen();
    h.raw("<section>\n").h2("environment", "Environment");
    h.raw("<div class=\"grid\">");
    if (run != null) {
      h.raw("<div>").h3("Run");
      dl(h, "id", run.id(), "command", run.command() == null ? null : "bench " + run.command(), "profile", run.profile(),
          "scale", run.scale() == null ? null : run.scale().stripTrailingZeros().toPlainString(), "seed", String.valueOf(run.seed()),
          "schema", join(run.schemaVariant(), run.schemaVersion()), "started", run.startedAt(), "finished", run.finishedAt(),
          "git commit", run.gitCommit() == null ? null : run.gitCommit() + (Boolean.TRUE.equals(run.gitDirty()) ? " (dirty)" : ""));
      h.raw("</div>");
      Machine m = run.machine();
      if (m != null) {
        h.raw("<div>").h3("Machine");
        dl(h, "cores", String.valueOf(m.cores()), "memory", Fmt.bytes(m.memoryBytes()), "OS", m.os(), "JVM", m.jvm(),
            "host", m.hostname(), "load average at start / end",
            (m.loadAverageStart() == null ? "-" : Fmt.num(m.loadAverageStart())) + " / "
                + (m.loadAverageEnd() == null ? "-" : Fmt.num(m.loadAverageEnd())));
        h.raw("</div>");
      }
      DbInfo db = run.db();
      if (db != null) {
        h.raw("<div>").h3("PostgreSQL");
        dl(h, "provider", db.provider(), "server version", db.serverVersion(), "version", db.version(), "url", db.url(),
            "pg_stat_statements", db.pgStatStatements() ? "enabled" : "not available");
        h.raw("</div>");
      }
    }
    if (d != null) {
      h.raw("<div>").h3("Dataset");
      dl(h, "projects", String.valueOf(d.projects()), "payloads", String.valueOf(d.payloads()), "events", String.valueOf(d.events()),
          "load time", Fmt.withUnit(d.seconds(), "s") + " (" + Fmt.withUnit(d.rowsPerSec(), "rows/s") + ")",
          "fingerprint", d.fingerprint(), "reused", d.reused() ? "yes (not regenerated)" : "no");
      h.raw("</div>");
    }
    h.raw("</div>\n");
    if (run != null && run.db() != null && run.db().settings() != null && !run.db().settings().isEmpty()) {
      h.h3("Server settings");
      h.tableStart("settings", "setting", "value");
      new TreeMap<>(run.db().settings()).forEach((k, v) -> h.tr("", Html.code(k), Html.code(v)));
      h.tableEnd();
    }
    if (run != null && run.settings() != null && !run.settings().isEmpty()) {
      h.raw("<details><summary>Run settings (secrets removed)</summary>");
      h.tableStart("settings", "setting", "value");
      new TreeMap<>(run.settings()).forEach((k, v) -> h.tr("", Html.code(k), Html.code(String.valueOf(v))));
      h.tableEnd();
      h.raw("</details>\n");
    }
    if (run != null && run.phases() != null && !run.phases().isEmpty()) {
      h.h3("Phases");
      h.tableStart(null, "phase", "status", "#seconds", "error");
      for (Phase ph : run.phases()) {
        h.tr(Phase.FAILED.equals(ph.status()) ? "bad" : "", Html.td(ph.name()), Html.td(ph.status()),
            Html.num(Fmt.num(ph.seconds())), Html.td(ph.error()));
      }
      h.tableEnd();
    }
    h.raw("</section>\n");
  }

  /** A definition list of label/value pairs; null values are left out. */
  private static void dl(Html h, String... kv) {
    h.raw("<dl>");
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        h.raw("<dt>").text(kv[i]).raw("</dt><dd>").text(kv[i + 1]).raw("</dd>");
      }
    }
    h.raw("</dl>\n");
  }

  private static String join(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + " (" + b + ")";
  }
}
