package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.ExternalServer;
import dev.apexbench.db.Provider;
import dev.apexbench.reports.model.Dr;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      "A disaster-recovery drill on servers started for it (embedded, or containers with --db docker) under .apex-bench/dr/: a primary with WAL",
      "archiving, seeded; a base backup (pg_backup_start, copy, pg_backup_stop); timestamped writes around a target",
      "time; a crash of the primary; a restore to the target (present up to it, absent after, row counts, content",
      "fingerprint, amcheck, foreign keys, CHECKs, the materialized view) and one to the end of the archive (what the",
      "crash lost). Measures RTO and RPO against targets.yaml's dr section. Removes its servers unless --keep.",
      "The logical backup in the report's format runs too where a pg_dump of the server's major or newer is found",
      "(--pg-bin, /usr/lib/postgresql/<major>/bin, PATH): pg_dump -Fc -Z9 of the apex_bench schema, pg_restore into a",
      "scratch database apex_bench_dr_<epoch seconds> (created, checked as above, always dropped); in containers with",
      "the image's own pg_dump. On an existing server (--db URL) only the logical backup runs: the RTO is its restore",
      "and checks, the RPO is not measured (its target fails as not measured). The role needs CREATEDB there."
    })
final class DrCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = Profile.Converter.class,
      description = "smoke: archive_timeout 5 s, 3 s of writes each side of the target; quick: 15 s and 10 s; full: 60 s and 30 s"
          + " (the report's 5-minute RPO is an archive_timeout of at most 300 s). Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Option(names = "--keep", description = "Leave the drill's servers, archive and logical dump under .apex-bench/dr/ for inspection.")
  boolean keep;

  @Option(names = "--db", paramLabel = "embedded|docker|URL", defaultValue = "embedded",
      description = "embedded: the full drill on embedded servers it starts itself. docker: the full drill in containers it starts"
          + " (Testcontainers; their data directories under .apex-bench/dr/, bind-mounted, handed to the image's postgres user, uid 999:"
          + " needs root or Docker Desktop; the image's pg_dump). An existing server as jdbc:postgresql://host:port/db,"
          + " postgresql://user@host:port/db or 'host=h dbname=d' (credentials as for the other commands): the logical backup only,"
          + " seeding the harness schema there if needed; nothing outside it and the scratch database is touched. Default: ${DEFAULT-VALUE}.")
  String dbChoice;

  @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "${env:APEX_BENCH_PG_IMAGE:-" + DbSpec.DEFAULT_IMAGE + "}",
      description = "Docker image for --db docker. Default: ${DEFAULT-VALUE} (APEX_BENCH_PG_IMAGE changes it).")
  String image;

  @Option(names = "--pg-bin", paramLabel = "DIR",
      description = "The directory of the pg_dump and pg_restore to use for the logical backup (of the server's major version or newer;"
          + " an older one is refused). Default: the one of the server's major, or the nearest newer, in /usr/lib/postgresql/<major>/bin"
          + " or on PATH.")
  Path pgBin;

  @Option(names = "--reset", description = "With --db URL: drop and rebuild the harness schema (apex_bench) if it holds another dataset."
      + " Nothing outside it is touched.")
  boolean reset;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    DbSpec dbSpec = DbSpec.parse(dbChoice, image, System.getenv());
    if (pgBin != null && dbSpec.provider() == Provider.DOCKER) {
      throw BenchException.usage("--pg-bin: not used with --db docker (the container's own pg_dump and pg_restore run)");
    }
    if (dbSpec.provider() == Provider.EXTERNAL) {
      return logicalOnly(dbSpec);
    }
    if (pgBin != null) {
      LogicalBackup.given(pgBin); // its version is checked against the server's when the drill's first server starts
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
    Drill.Settings ds = settings(profile, d, keep, pgBin);
    if (dbSpec.provider() == Provider.DOCKER) {
      ds = ds.inDocker(dbSpec.image());
      rec.settings.put("dr_image", dbSpec.image());
    }
    rec.settings.put("dr_archive_timeout_seconds", ds.archiveTimeoutSeconds());
    rec.settings.put("dr_write_seconds", ds.writeSeconds());
    Results r;
    try {
      Drill.Settings chosen = ds;
      rec.dr = rec.phase("dr", () -> new Drill(chosen, CommonOptions.stateDir().resolve("dr"), console).run());
      if (!output.json) {
        print(spec.commandLine().getOut(), rec.dr);
      }
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }

  /**
   * On a server the drill did not start: the logical backup only. The role and the client are
   * checked before anything is created (one line, exit 2); then the dataset is made sure of as by
   * the other commands, dumped, restored into a scratch database, checked, and the database dropped.
   */
  private Integer logicalOnly(DbSpec dbSpec) throws Exception {
    Console console = new Console(spec.commandLine().getErr(), false);
    LogicalBackup.Local local = null;
    if (dbSpec.provider() == Provider.EXTERNAL) {
      ExternalServer probe = ExternalServer.open(dbSpec);
      LogicalBackup.ServerVersion v = LogicalBackup.serverVersion(probe);
      LogicalBackup.requireCreatedb(probe);
      local = LogicalBackup.require(pgBin, v);
      console.say("bench: dr: PostgreSQL " + v.text() + " at " + dbSpec.safeUrl() + ": the logical backup only (the physical drill needs"
          + " servers it starts: --db embedded), with " + local.version() + " " + local.where());
    }
    Targets t = targets.load();
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    DbOptions db = new DbOptions();
    db.db = dbChoice;
    db.image = image;
    db.reset = reset;
    try (Session s = Session.open(db, data, console)) {
      LogicalBackup.ServerVersion v = LogicalBackup.serverVersion(s.server);
      LogicalBackup.Tools tools = local;
      Reporting.installInterruptHook(spec.commandLine().getOut());
      RunRecorder rec = new RunRecorder(RunDirectory.create(output.reportsRoot(), "dr", profile.label()), "dr", profile.label());
      s.describeInto(rec);
      rec.settings.put("profile", profile.label());
      rec.settings.put("dr_mode", "logical");
      rec.settings.put("dr_pg_dump", tools.version());
      Results r;
      LogicalBackup.Tools chosen = tools;
      try {
        rec.dr = rec.phase("dr", () -> LogicalBackup.drill(s, chosen, v, CommonOptions.stateDir().resolve("dr"), keep, console));
        if (!output.json) {
          print(spec.commandLine().getOut(), rec.dr);
        }
      } finally {
        r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
      }
      return Reporting.exitCode(r);
    }
  }

  /** The drill's settings for a profile: archive_timeout and the seconds of writes around the target. */
  static Drill.Settings settings(Profile profile, dev.apexbench.dataset.DatasetSpec d, boolean keep) {
    return settings(profile, d, keep, null);
  }

  static Drill.Settings settings(Profile profile, dev.apexbench.dataset.DatasetSpec d, boolean keep, Path pgBin) {
    return switch (profile.label()) {
      case "smoke" -> new Drill.Settings(d, 5, 3, keep, pgBin);
      case "full" -> new Drill.Settings(d, 60, 30, keep, pgBin);
      default -> new Drill.Settings(d, 15, 10, keep, pgBin);
    };
  }

  static void print(PrintWriter out, Dr dr) {
    if (dr.physical()) {
      out.printf(Locale.ROOT, "scale %s (%,d rows): base backup %.1f s, %.1f MiB; restore and verification (RTO) %.1f s; RPO %.1f s"
          + " (%d writes lost, archive_timeout %.0f s); WAL archived %.1f segments/min%n", dev.apexbench.reports.Fmt.plain(dr.scale()),
          dr.rows(), dr.backupSeconds(), dr.backupBytes() / 1048576.0, dr.rtoSeconds(), dr.rpoSeconds(), dr.lostWrites(),
          dr.archiveTimeoutSeconds(), dr.walArchivedPerMinute());
    } else {
      out.printf(Locale.ROOT, "scale %s (%,d rows): logical restore and verification (RTO) %.1f s; RPO not measured (the physical drill"
          + " runs only on servers bench dr starts: --db embedded)%n", dev.apexbench.reports.Fmt.plain(dr.scale()), dr.rows(), dr.rtoSeconds());
    }
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
