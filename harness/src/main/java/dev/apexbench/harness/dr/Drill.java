package dev.apexbench.harness.dr;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.harness.run.Console;
import dev.apexbench.reports.model.Dr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The disaster-recovery drill on servers it starts for itself under {@code .apex-bench/dr/}, each
 * step one method below:
 *
 * <ol>
 *   <li>a primary with WAL archiving, seeded; the logical backup where a client is found;
 *   <li>a base backup by the low-level API, checked (its label, the WAL it needs in the archive);
 *   <li>timestamped writes with a target time T in them, a segment switch, writes throughout the
 *       archiving of it, then a crash of the primary (SIGKILL) at a moment drawn at random below
 *       archive_timeout after it, or set ({@link WriteStream}): the loss is the writes since the switch;
 *   <li>the outage: the base backup restored and the archive replayed to its end, timed from the
 *       start to the first query answered (the RTO); the writes that came back against those
 *       acknowledged (the measured loss, and whether every archived one came back); every integrity
 *       check on it, timed apart;
 *   <li>a restore to T: present up to it, absent after (point-in-time recovery).
 * </ol>
 *
 * The RPO target judges the bound on any crash's loss, archive_timeout plus the archiver's measured
 * lag; the measured loss is one draw below it. The same outage at a tenth of the scale gives the
 * restore-time projection.
 */
public final class Drill {
  /** The seeded primary: its rows, and its row counts and content fingerprint for the checks. */
  private record Seeded(long rows, Map<String, Long> counts, String fingerprint) {}

  /** A base backup: where it is, how long it took, its size, the WAL segment pg_backup_stop ended in. */
  private record BaseBackup(Path dir, double seconds, long bytes, String stopSegment) {}

  /** The logical part: its summary and its checks. */
  private record LogicalPart(Dr.Logical logical, List<Dr.Check> checks) {}

  /** The outage: the RTO, the checks of the recovered server and their time, the loss. */
  private record Outage(double rtoSeconds, double verifySeconds, List<Dr.Check> checks, long lost, double lossSeconds) {}

  private final DrillSettings settings;
  private final Path home;
  private final Consumer<String> say;
  private final Console console;

  /** @param home the drill's directory (its servers, archive and dumps), emptied first and removed after unless kept */
  public Drill(DrillSettings settings, Path home, Console console) {
    this.settings = settings;
    this.home = home;
    this.console = console;
    this.say = console::say;
  }

  /** The drill, its servers stopped and (unless kept) its directory removed after it, also on Ctrl-C. */
  public Dr run() throws Exception {
    try (DrillServers servers = new DrillServers(settings, home, say)) {
      Thread hook = new Thread(servers::close, "apex-dr-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return drill(servers);
      } finally {
        servers.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs
        }
      }
    } finally {
      if (!settings.keep()) {
        EmbeddedServer.deleteTree(home);
      }
    }
  }

  private Dr drill(DrillServers servers) throws Exception {
    EmbeddedServer.deleteTree(home);
    Path archive = Files.createDirectories(home.resolve("archive"));
    servers.handOver(archive);
    List<Dr.RtoPoint> points = new ArrayList<>();
    if (settings.projection()) {
      points.add(restoreOnly(servers, new DatasetSpec(settings.spec().scale().divide(java.math.BigDecimal.TEN), settings.spec().seed())));
    }
    say.accept("bench: dr: primary with WAL archiving (archive_timeout " + settings.archiveTimeoutSeconds() + " s), scale "
        + settings.spec().scaleText());
    DrillNode primary = servers.startArchiving(home.resolve("primary"), archive, settings.archiveTimeoutSeconds());
    Seeded seeded = seed(primary, settings.spec(), say);
    LogicalPart logical = logicalBackup(servers, primary);

    say.accept("bench: dr: base backup (pg_backup_start, copy, pg_backup_stop)");
    BaseBackup base = baseBackup(primary, home.resolve("base"), "apex-bench dr");
    say.accept("bench: dr: timestamped writes around a target time, a segment switch, then a crash of the primary at a moment drawn below"
        + " archive_timeout");
    WriteStream stream = WriteStream.run(primary, settings.writeSeconds(), settings.crashAfterSwitchSeconds());
    primary.crash();
    say.accept(String.format(Locale.ROOT, "bench: dr: primary killed (SIGKILL) %.1f s after the segment switch, %d acknowledged writes",
        stream.crashAfterSwitchSeconds(), stream.committed()));

    List<Dr.Check> checks = new ArrayList<>();
    checks.add(BaseBackupCheck.check(base.dir(), archive, base.stopSegment()).withDetailPrefix(String.format(Locale.ROOT,
        "%.1f s, %s; ", base.seconds(), mib(base.bytes()))));
    Outage outage = outage(servers, base.dir(), archive, stream, seeded);
    checks.addAll(outage.checks());
    points.add(new Dr.RtoPoint(settings.spec().scale().doubleValue(), seeded.rows(), round(outage.rtoSeconds()), true));
    Dr.Pitr pitr = restoreToTarget(servers, base.dir(), archive, stream, checks);
    checks.addAll(logical.checks());
    double rto = round(outage.rtoSeconds());
    return new Dr(settings.spec().scale().doubleValue(), seeded.rows(), round(base.seconds()), base.bytes(), rto, rto,
        round(outage.lossSeconds()), outage.lost(), (double) settings.archiveTimeoutSeconds(), round(stream.walArchivedPerMinute()), pitr,
        checks, points, RtoProjection.project(points), logical.logical().status() + ": " + logical.logical().detail(), logical.logical(),
        round(settings.archiveTimeoutSeconds() + stream.archiverLagSeconds()), round(stream.archiverLagSeconds()),
        round(stream.crashAfterSwitchSeconds()), round(outage.verifySeconds()));
  }

  /** The report's dataset on {@code n}, and its counts and fingerprint. */
  private Seeded seed(DrillNode n, DatasetSpec spec, Consumer<String> progress) throws Exception {
    Seeder.Outcome o = new Seeder(progress, console.loadProgress("loading")).ensure(n.server(),
        new Seeder.Request(spec, SchemaVariant.REPORT, true));
    long rows = o.info().projects() + o.info().payloads() + o.info().events();
    try (Connection c = n.connect()) {
      return new Seeded(rows, IntegrityChecks.counts(c), IntegrityChecks.fingerprint(c));
    }
  }

  /** The logical backup in the report's format, where a client of the server's major or newer is found. */
  private LogicalPart logicalBackup(DrillServers servers, DrillNode primary) throws Exception {
    if (primary.server() instanceof DockerServer d) {
      servers.toolsInContainer(d);
    }
    if (servers.tools() == null) {
      say.accept("bench: dr: logical backup skipped: " + servers.logicalSkip());
      return new LogicalPart(Dr.Logical.skipped(null, servers.logicalSkip()), List.of());
    }
    LogicalBackup lb = new LogicalBackup(primary.server(), servers.tools(), servers.version(), home.resolve("logical"), settings.keep(), say);
    servers.track(lb);
    try {
      LogicalBackup.Outcome o = lb.run("logical: ");
      return new LogicalPart(o.logical(), o.checks());
    } finally {
      lb.close();
      servers.untrack(lb);
    }
  }

  /** A base backup by the low-level API: pg_backup_start, a copy of the data directory, pg_backup_stop with its label (and map). */
  private BaseBackup baseBackup(DrillNode n, Path base, String label) throws Exception {
    long t0 = System.nanoTime();
    String stop;
    try (Connection c = n.connect(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_backup_start('" + label + "', true)");
      DataDirs.copyDataDir(n.dataDir(), base);
      try (ResultSet rs = st.executeQuery("SELECT labelfile, spcmapfile, pg_walfile_name(lsn) FROM pg_backup_stop(true)")) {
        rs.next();
        Files.writeString(base.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
        String map = rs.getString(2);
        if (map != null && !map.isEmpty()) {
          Files.writeString(base.resolve("tablespace_map"), map, StandardCharsets.UTF_8);
        }
        stop = rs.getString(3);
      }
    }
    return new BaseBackup(base, (System.nanoTime() - t0) / 1e9, DataDirs.size(base), stop);
  }

  /**
   * The outage after the crash: the base backup restored and the archive replayed to its end, timed
   * to the first query answered (the RTO); then what came back against what was acknowledged, and
   * every integrity check, timed apart.
   */
  private Outage outage(DrillServers servers, Path base, Path archive, WriteStream stream, Seeded seeded) throws Exception {
    say.accept("bench: dr: the outage: the base backup restored and the archive replayed to its end");
    Path removed = settings.fault() == DrillSettings.Fault.ARCHIVED_SEGMENT_MISSING ? takeAway(archive, stream.lastArchivedAtCrash()) : null;
    DrillServers.Restored end = servers.restore(base, archive, home.resolve("restore-end"), "");
    if (removed != null) {
      Files.move(removed, archive.resolve(removed.getFileName().toString().replace(".taken", "")), StandardCopyOption.ATOMIC_MOVE);
    }
    List<Dr.Check> checks = new ArrayList<>();
    Set<Long> present;
    List<IntegrityChecks.Check> integrity;
    long t0;
    double verify;
    try (Connection c = end.server().connect()) {
      present = WriteStream.presentIds(c);
      t0 = System.nanoTime();
      integrity = IntegrityChecks.run(c, seeded.counts(), seeded.fingerprint());
      verify = (System.nanoTime() - t0) / 1e9;
    }
    servers.close(end.server());
    List<WriteStream.Write> all = stream.all();
    List<WriteStream.Write> lost = all.stream().filter(w -> !present.contains(w.id())).toList();
    double lossSeconds = lost.isEmpty() ? 0 : Math.max(0, (stream.crashMicros() - lost.get(0).atMicros()) / 1e6);
    checks.add(ArchiveCheck.check(all, present, stream.lastArchivedAtCrash(), lossSeconds));
    integrity.forEach(x -> checks.add(new Dr.Check(x.name(), x.pass(), x.detail())));
    return new Outage(end.seconds(), verify, checks, lost.size(), lossSeconds);
  }

  /** The fault: the newest archived segment moved aside (put back after the restore it is meant to break). */
  private Path takeAway(Path archive, String segment) throws Exception {
    Path f = archive.resolve(segment);
    if (!Files.isRegularFile(f)) {
      throw BenchException.environment("dr: the fault names segment " + segment + ", which is not in the archive", null);
    }
    say.accept("bench: dr: fault injected: segment " + segment + " taken out of the archive for the restore to its end");
    return Files.move(f, archive.resolve(segment + ".taken"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** A restore to the target time; the writes before it present, those after it absent; its check added to {@code checks}. */
  private Dr.Pitr restoreToTarget(DrillServers servers, Path base, Path archive, WriteStream stream, List<Dr.Check> checks) throws Exception {
    say.accept("bench: dr: restore to " + stream.target() + " and verify");
    DrillServers.Restored pitrServer = servers.restore(base, archive, home.resolve("restore-pitr"), "recovery_target_time = '"
        + stream.target() + "'\nrecovery_target_action = 'promote'\n");
    long presentBefore;
    long presentAfter;
    try (Connection c = pitrServer.server().connect()) {
      presentBefore = WriteStream.countIds(c, stream.before());
      presentAfter = WriteStream.countIds(c, stream.after()) + WriteStream.countIds(c, stream.tail());
    }
    servers.close(pitrServer.server());
    int afterTarget = stream.after().size() + stream.tail().size();
    boolean verified = presentBefore == stream.before().size() && presentAfter == 0;
    checks.add(new Dr.Check("point-in-time recovery", verified, String.format(Locale.ROOT,
        "%d of %d writes before %s present, %d of %d after it present; the server accepted connections after %.1f s",
        presentBefore, stream.before().size(), stream.target(), presentAfter, afterTarget, pitrServer.seconds())));
    return new Dr.Pitr(stream.target(), stream.before().size(), presentBefore, afterTarget, presentAfter, verified);
  }

  /** The outage at another scale, for the projection: seed, back up, crash, restore to the end of the archive; the restore's seconds. */
  private Dr.RtoPoint restoreOnly(DrillServers servers, DatasetSpec spec) throws Exception {
    say.accept("bench: dr: the outage at scale " + spec.scaleText() + " (for the projection)");
    Path h = home.resolve("small");
    Path archive = Files.createDirectories(h.resolve("archive"));
    servers.handOver(archive);
    DrillNode p = servers.startArchiving(h.resolve("primary"), archive, null);
    Seeded seeded = seed(p, spec, x -> { });
    BaseBackup base = baseBackup(p, h.resolve("base"), "apex-bench dr small");
    p.crash();
    DrillServers.Restored r = servers.restore(base.dir(), archive, h.resolve("restore"), "");
    try (Connection c = r.server().connect()) {
      List<IntegrityChecks.Check> ch = IntegrityChecks.run(c, seeded.counts(), null);
      if (ch.stream().anyMatch(x -> !x.pass())) {
        throw BenchException.environment("dr: the restore at scale " + spec.scaleText() + " failed its checks: " + ch.stream()
            .filter(x -> !x.pass()).map(IntegrityChecks.Check::name).toList(), null);
      }
    }
    servers.close(r.server());
    EmbeddedServer.deleteTree(h);
    return new Dr.RtoPoint(spec.scale().doubleValue(), seeded.rows(), r.seconds(), true);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
