package dev.apexbench.harness.dr;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.ServerSettings;
import dev.apexbench.harness.dr.PgTools.ServerVersion;
import dev.apexbench.harness.dr.PgTools.Tools;
import dev.apexbench.harness.run.Console;
import dev.apexbench.reports.model.Dr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The disaster-recovery drill on servers it starts for itself under {@code .apex-bench/dr/}: a
 * primary with WAL archiving, seeded; a base backup by PostgreSQL's low-level API
 * (pg_backup_start, a copy of the data directory, pg_backup_stop and its backup_label); a stream
 * of timestamped writes with a target time T in the middle ({@link WriteStream}); a crash of the
 * primary (SIGKILL, no WAL switch); a restore to T (present up to T, absent after, every integrity
 * check) and a restore to the end of the archive (what a crash loses). Where a pg_dump of the
 * server's major or newer is found (or given with --pg-bin), the logical backup too ({@link
 * LogicalBackup}), on the seeded primary before the base backup. Each step is one method below.
 */
public final class Drill {
  /** What a restore found: the server, the seconds it took until it accepted connections as a primary. */
  private record Restored(DrillNode server, double seconds) {}

  /** The seeded primary: its rows, and its row counts and content fingerprint for the checks. */
  private record Seeded(long rows, Map<String, Long> counts, String fingerprint) {}

  /** A base backup: where it is, how long it took, its size. */
  private record BaseBackup(Path dir, double seconds, long bytes) {}

  /** The logical part: its summary and its checks. */
  private record LogicalPart(Dr.Logical logical, List<Dr.Check> checks) {}

  /** The point-in-time restore: its result, its checks, and the restore's time with its checks (the RTO). */
  private record PitrPart(Dr.Pitr pitr, List<Dr.Check> checks, double rtoSeconds) {}

  private final DrillSettings settings;
  private final Path home;
  private final Consumer<String> say;
  private final Console console;
  private final List<AutoCloseable> open = new ArrayList<>();
  /** The embedded server's version and the client for the logical backup, resolved when the first server starts. */
  private ServerVersion version;
  private Tools tools;
  private String logicalSkip;

  /** @param home the drill's directory (its servers, archive and dumps), emptied first and removed after unless kept */
  public Drill(DrillSettings settings, Path home, Console console) {
    this.settings = settings;
    this.home = home;
    this.console = console;
    this.say = console::say;
  }

  /** The drill, its servers stopped and (unless kept) its directory removed after it, also on Ctrl-C. */
  public Dr run() throws Exception {
    Thread hook = new Thread(this::closeAll, "apex-dr-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return drill();
    } finally {
      closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs
      }
      if (!settings.keep()) {
        EmbeddedServer.deleteTree(home);
      }
    }
  }

  private Dr drill() throws Exception {
    EmbeddedServer.deleteTree(home);
    Path archive = Files.createDirectories(home.resolve("archive"));
    handOver(archive);
    // the restore time at a tenth of the scale too, for the projection
    List<Dr.RtoPoint> points = new ArrayList<>();
    points.add(restoreOnly(new DatasetSpec(settings.spec().scale().divide(java.math.BigDecimal.TEN), settings.spec().seed())));

    say.accept("bench: dr: primary with WAL archiving (archive_timeout " + settings.archiveTimeoutSeconds() + " s), scale "
        + settings.spec().scaleText());
    DrillNode primary = startArchiving(home.resolve("primary"), archive, settings.archiveTimeoutSeconds());
    Seeded seeded = seed(primary, settings.spec(), say);
    LogicalPart logical = logicalBackup(primary);

    say.accept("bench: dr: base backup (pg_backup_start, copy, pg_backup_stop)");
    BaseBackup base = baseBackup(primary, home.resolve("base"), "apex-bench dr");
    List<Dr.Check> checks = new ArrayList<>();
    checks.add(new Dr.Check("base backup", true, String.format(Locale.ROOT, "%.1f s, %s", base.seconds(), mib(base.bytes()))));

    say.accept("bench: dr: timestamped writes for " + 2 * settings.writeSeconds() + " s around a target time, then a crash of the primary");
    WriteStream stream = WriteStream.run(primary, settings.writeSeconds(), settings.archiveTimeoutSeconds());
    primary.crash();
    say.accept("bench: dr: primary killed (SIGKILL) after " + stream.committed() + " committed writes");

    PitrPart pitr = restoreToTarget(base.dir(), archive, stream, seeded);
    checks.addAll(pitr.checks());
    points.add(new Dr.RtoPoint(settings.spec().scale().doubleValue(), seeded.rows(), round(pitr.rtoSeconds()), true));
    double[] lost = restoreToEnd(base.dir(), archive, stream);
    double rpo = lost[0];
    long present = (long) lost[1];
    checks.add(new Dr.Check("archive after a crash", present <= stream.committed(), String.format(Locale.ROOT,
        "%d of %d committed writes recovered from the archive; the last one %.1f s before the crash", present, stream.committed(), rpo)));
    checks.addAll(logical.checks());
    double rto = round(pitr.rtoSeconds());
    return new Dr(settings.spec().scale().doubleValue(), seeded.rows(), round(base.seconds()), base.bytes(), rto, rto, round(rpo),
        stream.committed() - present, (double) settings.archiveTimeoutSeconds(), round(stream.walArchivedPerMinute()), pitr.pitr(), checks,
        points, RtoProjection.project(points), logical.logical().status() + ": " + logical.logical().detail(), logical.logical());
  }

  /**
   * A server with WAL archiving into {@code archive} ({@code archive_timeout} when not null). The
   * archive_command is set with ALTER SYSTEM, not on the command line: zonky passes settings as one
   * option string, which cannot hold spaces.
   */
  private DrillNode startArchiving(Path serverHome, Path archive, Integer archiveTimeoutSeconds) throws Exception {
    Map<String, String> s = new LinkedHashMap<>(ServerSettings.forOwnedServer());
    s.put("archive_mode", "on");
    if (archiveTimeoutSeconds != null) {
      s.put("archive_timeout", archiveTimeoutSeconds + "s");
    }
    DrillNode n = start(serverHome, s);
    try (Connection c = n.connect(); Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET archive_command = 'test ! -f " + sq(archive) + "/%f && cp %p " + sq(archive) + "/%f'");
      st.execute("SELECT pg_reload_conf()");
    }
    return n;
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
  private LogicalPart logicalBackup(DrillNode primary) throws Exception {
    if (primary.server() instanceof DockerServer d) {
      version = PgTools.serverVersion(d);
      try {
        tools = PgTools.inContainer(d, version); // the image's own pg_dump and pg_restore, in the primary's container
      } catch (BenchException e) {
        tools = null;
        logicalSkip = e.getMessage() + "; the physical drill above covers backup and restore";
      }
    }
    if (tools == null) {
      say.accept("bench: dr: logical backup skipped: " + logicalSkip);
      return new LogicalPart(Dr.Logical.skipped(null, logicalSkip), List.of());
    }
    LogicalBackup lb = new LogicalBackup(primary.server(), tools, version, home.resolve("logical"), settings.keep(), say);
    open.add(lb);
    try {
      LogicalBackup.Outcome o = lb.run("logical: ");
      return new LogicalPart(o.logical(), o.checks());
    } finally {
      lb.close();
      open.remove(lb);
    }
  }

  /** A base backup by the low-level API: pg_backup_start, a copy of the data directory, pg_backup_stop with its label (and map). */
  private BaseBackup baseBackup(DrillNode n, Path base, String label) throws Exception {
    long t0 = System.nanoTime();
    try (Connection c = n.connect(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_backup_start('" + label + "', true)");
      DataDirs.copyDataDir(n.dataDir(), base);
      try (ResultSet rs = st.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)")) {
        rs.next();
        Files.writeString(base.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
        String map = rs.getString(2);
        if (map != null && !map.isEmpty()) {
          Files.writeString(base.resolve("tablespace_map"), map, StandardCharsets.UTF_8);
        }
      }
    }
    return new BaseBackup(base, (System.nanoTime() - t0) / 1e9, DataDirs.size(base));
  }

  /** Restore 1: to the target time; the writes before it present, those after it absent, every integrity check. */
  private PitrPart restoreToTarget(Path base, Path archive, WriteStream stream, Seeded seeded) throws Exception {
    say.accept("bench: dr: restore to " + stream.target() + " and verify");
    long r0 = System.nanoTime();
    Restored pitrServer = restore(base, archive, home.resolve("restore-pitr"), "recovery_target_time = '" + stream.target() + "'\n"
        + "recovery_target_action = 'promote'\n");
    long presentBefore;
    long presentAfter;
    List<Dr.Check> integrity;
    try (Connection c = pitrServer.server().connect()) {
      presentBefore = WriteStream.countIds(c, stream.before());
      presentAfter = WriteStream.countIds(c, stream.after()) + WriteStream.countIds(c, stream.tail());
      integrity = IntegrityChecks.run(c, seeded.counts(), seeded.fingerprint()).stream()
          .map(x -> new Dr.Check(x.name(), x.pass(), x.detail())).toList();
    }
    double rto = (System.nanoTime() - r0) / 1e9;
    close(pitrServer.server());
    int afterTarget = stream.after().size() + stream.tail().size();
    boolean verified = presentBefore == stream.before().size() && presentAfter == 0;
    Dr.Pitr pitr = new Dr.Pitr(stream.target(), stream.before().size(), presentBefore, afterTarget, presentAfter, verified);
    List<Dr.Check> checks = new ArrayList<>();
    checks.add(new Dr.Check("point-in-time recovery", verified, String.format(Locale.ROOT,
        "%d of %d writes before %s present, %d of %d after it present; the server accepted connections after %.1f s",
        presentBefore, stream.before().size(), stream.target(), presentAfter, afterTarget, pitrServer.seconds())));
    checks.addAll(integrity);
    return new PitrPart(pitr, checks, rto);
  }

  /** Restore 2: to the end of the archive, what the crash lost: {seconds between the last write recovered and the crash, writes present}. */
  private double[] restoreToEnd(Path base, Path archive, WriteStream stream) throws Exception {
    say.accept("bench: dr: restore to the end of the archive (what the crash lost)");
    Restored end = restore(base, archive, home.resolve("restore-end"), "");
    long lastRestoredMicros;
    long present;
    try (Connection c = end.server().connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), coalesce((extract(epoch FROM max(at)) * 1000000)::bigint, 0) FROM apex_dr.writes")) {
      rs.next();
      present = rs.getLong(1);
      lastRestoredMicros = rs.getLong(2);
    }
    close(end.server());
    return new double[] {Math.max(0, (stream.crashMicros() - lastRestoredMicros) / 1e6), present};
  }

  /** A restore-only run at another scale: seed, back up, restore, count. The restore's seconds. */
  private Dr.RtoPoint restoreOnly(DatasetSpec spec) throws Exception {
    say.accept("bench: dr: restore time at scale " + spec.scaleText() + " (for the projection)");
    Path h = home.resolve("small");
    Path archive = Files.createDirectories(h.resolve("archive"));
    handOver(archive);
    DrillNode p = startArchiving(h.resolve("primary"), archive, null);
    Seeded seeded = seed(p, spec, x -> { });
    BaseBackup base = baseBackup(p, h.resolve("base"), "apex-bench dr small");
    close(p);
    long r0 = System.nanoTime();
    Restored r = restore(base.dir(), archive, h.resolve("restore"), "");
    try (Connection c = r.server().connect()) {
      List<IntegrityChecks.Check> ch = IntegrityChecks.run(c, seeded.counts(), null);
      if (ch.stream().anyMatch(x -> !x.pass())) {
        throw BenchException.environment("dr: the restore at scale " + spec.scaleText() + " failed its checks: " + ch.stream()
            .filter(x -> !x.pass()).map(IntegrityChecks.Check::name).toList(), null);
      }
    }
    double sec = (System.nanoTime() - r0) / 1e9;
    close(r.server());
    EmbeddedServer.deleteTree(h);
    return new Dr.RtoPoint(spec.scale().doubleValue(), seeded.rows(), round(sec), true);
  }

  /** Copies a backup into a fresh data directory, adds the recovery settings, starts it, waits until it is a primary. */
  private Restored restore(Path base, Path archive, Path restoreHome, String target) throws Exception {
    Path data = restoreHome.resolve("pgdata");
    EmbeddedServer.deleteTree(restoreHome);
    long t0 = System.nanoTime();
    DataDirs.copyTree(base, data);
    Files.writeString(data.resolve("recovery.signal"), "");
    Files.writeString(data.resolve("postgresql.auto.conf"), "\nrestore_command = 'cp " + sq(archive) + "/%f %p'\n" + target,
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Map<String, String> s = new LinkedHashMap<>(ServerSettings.forOwnedServer());
    s.put("archive_mode", "off"); // the restored server must not archive into the primary's archive
    DrillNode server = start(restoreHome, s);
    try (Connection c = server.connect(); Statement st = c.createStatement()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (true) {
        try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
          rs.next();
          if (!rs.getBoolean(1)) {
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          throw BenchException.environment("dr: the restored server did not finish recovery within 10 minutes", null);
        }
        Thread.sleep(100);
      }
    }
    return new Restored(server, round((System.nanoTime() - t0) / 1e9));
  }

  /**
   * At the first server's start: its version, and the client for the logical backup. The embedded
   * binaries ship no pg_dump: without one of the server's major or newer the logical part is
   * skipped (one given with --pg-bin that is older is refused).
   */
  private void resolveTools(DrillNode n) {
    if (n.server() instanceof DockerServer) {
      return; // the image's own pg_dump, found in the primary's container when the logical part runs (not inside a timed restore)
    }
    if (version != null) {
      return;
    }
    version = PgTools.serverVersion(n.server());
    PgTools.Found f = PgTools.find(settings.pgBin(), version);
    tools = f.tools();
    if (tools == null) {
      logicalSkip = PgTools.embeddedSkip(f, version);
    }
  }

  private DrillNode start(Path serverHome, Map<String, String> s) throws IOException {
    Files.createDirectories(serverHome);
    DrillNode n;
    if (settings.image() == null) {
      n = new DrillNode.Embedded(EmbeddedServer.start(serverHome, s, say));
    } else {
      Path data = serverHome.resolve("pgdata");
      if (Files.isDirectory(data)) { // a restored base backup: PostgreSQL wants its data directory private
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
      handOver(serverHome);
      n = new DrillNode.Docker(DockerServer.startOnHostDirectory(settings.image(), s, home, data), data);
    }
    open.add(n);
    resolveTools(n);
    return n;
  }

  /**
   * In docker: a directory of the drill handed to the container's postgres user (the official
   * image's uid), who writes the archive and owns the data directories. Needs root here.
   */
  private void handOver(Path dir) throws IOException {
    if (settings.image() == null) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.setAttribute(p, "unix:uid", DockerServer.POSTGRES_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", DockerServer.POSTGRES_UID, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    } catch (java.nio.file.FileSystemException | UnsupportedOperationException e) {
      throw BenchException.environment("dr --db docker: the drill's directories under " + home + " must belong to the container's postgres"
          + " user (uid " + DockerServer.POSTGRES_UID + "), which needs root here (" + e.getMessage() + "); run as root, or use --db embedded",
          e);
    }
  }

  private void close(DrillNode e) {
    open.remove(e);
    e.close();
  }

  private void closeAll() {
    List<AutoCloseable> all = new ArrayList<>(open);
    java.util.Collections.reverse(all); // the last opened (a logical backup's pg_dump) before the servers it uses
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
    open.clear();
  }

  /** A path inside single quotes of a PostgreSQL setting (the harness's own directories: no quote in them). */
  private static String sq(Path p) {
    String s = p.toAbsolutePath().toString();
    if (s.contains("'") || s.contains(" ")) {
      throw BenchException.environment("dr: the path " + s + " holds a quote or a space, which archive_command cannot take", null);
    }
    return s;
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
