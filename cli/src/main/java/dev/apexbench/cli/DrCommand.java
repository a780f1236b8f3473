package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.model.Dr;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench dr}: the disaster-recovery drill, judged against the report's RTO and RPO. */
@Command(
    name = "dr",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A disaster-recovery drill on embedded servers started for it under .apex-bench/dr/: a primary with WAL",
      "archiving, seeded; a base backup (pg_backup_start, copy, pg_backup_stop); timestamped writes around a target",
      "time; a crash of the primary; a restore to the target (present up to it, absent after, row counts, content",
      "fingerprint, amcheck, foreign keys, CHECKs, the materialized view) and one to the end of the archive (what the",
      "crash lost). Measures RTO and RPO against targets.yaml's dr section. Removes its servers unless --keep."
    })
final class DrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = Profile.Converter.class,
      description = "smoke: archive_timeout 5 s, 3 s of writes each side of the target; quick: 15 s and 10 s; full: 60 s and 30 s"
          + " (the report's 5-minute RPO is an archive_timeout of at most 300 s). Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Option(names = "--keep", description = "Leave the drill's servers and archive under .apex-bench/dr/ for inspection.")
  boolean keep;

  @Option(names = "--db", paramLabel = "embedded", defaultValue = "embedded",
      description = "The drill starts its own embedded servers; only embedded is allowed. Default: ${DEFAULT-VALUE}.")
  String dbChoice;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    if (!"embedded".equals(dbChoice)) {
      throw BenchException.usage("--db: '" + dbChoice + "' is not allowed (allowed: embedded; the drill starts, crashes and restores its"
          + " own servers, which it cannot do to a Docker or an existing server)");
    }
    Targets t = targets.load();
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    Reporting.installInterruptHook(spec.commandLine().getOut());
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(output.reportsRoot(), "dr", profile.label()), "dr", profile.label());
    var d = data.spec();
    rec.scale = d.scale();
    rec.seed = d.seed();
    rec.schemaVariant = "report";
    rec.settings.put("profile", profile.label());
    rec.settings.put("scale", d.scale().stripTrailingZeros());
    rec.settings.put("seed", d.seed());
    Drill.Settings ds = settings(profile, d, keep);
    rec.settings.put("dr_archive_timeout_seconds", ds.archiveTimeoutSeconds());
    rec.settings.put("dr_write_seconds", ds.writeSeconds());
    Results r;
    try {
      rec.dr = rec.phase("dr", () -> new Drill(ds, CommonOptions.stateDir().resolve("dr"), console).run());
      if (!output.json) {
        print(spec.commandLine().getOut(), rec.dr);
      }
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }

  /** The drill's settings for a profile: archive_timeout and the seconds of writes around the target. */
  static Drill.Settings settings(Profile profile, dev.apexbench.dataset.DatasetSpec d, boolean keep) {
    return switch (profile.label()) {
      case "smoke" -> new Drill.Settings(d, 5, 3, keep);
      case "full" -> new Drill.Settings(d, 60, 30, keep);
      default -> new Drill.Settings(d, 15, 10, keep);
    };
  }

  static void print(PrintWriter out, Dr dr) {
    out.printf(Locale.ROOT, "scale %s (%,d rows): base backup %.1f s, %.1f MiB; restore and verification (RTO) %.1f s; RPO %.1f s"
        + " (%d writes lost, archive_timeout %.0f s); WAL archived %.1f segments/min%n", dev.apexbench.reports.Fmt.plain(dr.scale()), dr.rows(),
        dr.backupSeconds(), dr.backupBytes() / 1048576.0, dr.rtoSeconds(), dr.rpoSeconds(), dr.lostWrites(), dr.archiveTimeoutSeconds(),
        dr.walArchivedPerMinute());
    for (Dr.Check c : dr.checks()) {
      out.printf(Locale.ROOT, "  %-4s %-44s %s%n", c.pass() ? "ok" : "FAIL", c.name(), c.detail());
    }
    for (Dr.RtoPoint p : dr.rtoProjection()) {
      out.printf(Locale.ROOT, "  projected restore at scale %s (%,d rows): %s%n", dev.apexbench.reports.Fmt.plain(p.scale()), p.rows(),
          p.seconds() == null ? "-" : String.format(Locale.ROOT, "%.0f s", p.seconds()));
    }
    out.println("  logical backup: " + dr.logical());
    out.flush();
  }
}
