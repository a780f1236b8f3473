package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.Provider;
import dev.apexbench.harness.dr.DrRun;
import dev.apexbench.harness.dr.DrillSettings;
import dev.apexbench.harness.dr.PgTools;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class DrCommand implements Callable<Integer>, ShowsTable {
  @Mixin DatasetOptions data;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = ProfileConverter.class,
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
    Workspace ws = common.workspace();
    DbSpec dbSpec = DbSpec.parse(dbChoice, image, System.getenv());
    if (pgBin != null && dbSpec.provider() == Provider.DOCKER) {
      throw BenchException.usage("--pg-bin: not used with --db docker (the container's own pg_dump and pg_restore run)");
    }
    if (dbSpec.provider() == Provider.EXTERNAL) {
      // on a server the drill did not start: the logical backup only, the role and the client checked before anything is created
      PgTools.Local tools = DrRun.checkLogical(ws, dbSpec, pgBin);
      Targets t = targets.load(ws.home());
      SessionRequest session = new SessionRequest(dbSpec, reset, data.spec(), data.variant);
      return Reporting.exitCode(DrRun.logical(ws, profile, session, tools, keep, t, output.reportsRoot(ws)));
    }
    if (pgBin != null) {
      PgTools.given(pgBin); // its version is checked against the server's when the drill's first server starts
    }
    Targets t = targets.load(ws.home());
    Path reportsRoot = output.reportsRoot(ws);
    DrillSettings ds = DrillSettings.of(profile, data.spec(), keep, pgBin);
    if (dbSpec.provider() == Provider.DOCKER) {
      ds = ds.inDocker(dbSpec.image());
    }
    return Reporting.exitCode(DrRun.physical(ws, profile, ds, t, reportsRoot));
  }

  @Override
  public void table(Results r, PrintWriter out) {
    PlanningTables.dr(out, r.dr());
  }
}
