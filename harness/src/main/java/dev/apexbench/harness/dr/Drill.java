package dev.apexbench.cli;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.db.ServerSettings;
import dev.apexbench.db.dr.IntegrityChecks;
import dev.apexbench.reports.model.Dr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The disaster-recovery drill on servers it starts for itself under {@code .apex-bench/dr/}: a
 * primary with WAL archiving, seeded; a base backup by PostgreSQL's low-level API
 * (pg_backup_start, a copy of the data directory, pg_backup_stop and its backup_label); a stream
 * of timestamped writes with a target time T in the middle; a crash of the primary (SIGKILL, no WAL
 * switch); a restore to T (present up to T, absent after, every integrity check) and a restore to
 * the end of the archive (what a crash loses). Where a pg_dump of the server's major or newer is
 * found (or given with --pg-bin), the logical backup too ({@link LogicalBackup}), on the seeded
 * primary before the base backup.
 */
final class Drill {
  /**
   * @param archiveTimeoutSeconds the primary's archive_timeout
   * @param writeSeconds how long the writes run before T, and after it
   * @param keep leave the servers' directories for inspection
   * @param pgBin the directory of pg_dump and pg_restore for the logical backup, or null to look for them
   */
  record Settings(DatasetSpec spec, int archiveTimeoutSeconds, int writeSeconds, boolean keep, Path pgBin, String image) {
    Settings(DatasetSpec spec, int archiveTimeoutSeconds, int writeSeconds, boolean keep) {
      this(spec, archiveTimeoutSeconds, writeSeconds, keep, null, null);
    }

    Settings(DatasetSpec spec, int archiveTimeoutSeconds, int writeSeconds, boolean keep, Path pgBin) {
      this(spec, archiveTimeoutSeconds, writeSeconds, keep, pgBin, null);
    }

    /** The same drill in containers of {@code image} (Testcontainers) instead of embedded servers. */
    Settings inDocker(String image) {
      return new Settings(spec, archiveTimeoutSeconds, writeSeconds, keep, pgBin, image);
    }
  }

  /**
   * A server of the drill: an embedded one, or a container whose data directory lies on this
   * machine (bind-mounted at the same path), so that either is backed up, crashed and restored the
   * same way.
   */
  private interface Node extends AutoCloseable {
    PgServer server();

    Path dataDir();

    /** Kills the server like a power loss (SIGKILL, no shutdown checkpoint, no WAL switch). */
    void crash() throws Exception;

    @Override
    void close();

    default Connection connect() throws java.sql.SQLException {
      return server().connect();
    }
  }

  private record EmbeddedNode(EmbeddedServer server) implements Node {
    @Override
    public Path dataDir() {
      return server.dataDir();
    }

    @Override
    public void crash() {
      long pid;
      try {
        pid = Long.parseLong(Files.readAllLines(server.dataDir().resolve("postmaster.pid")).get(0).strip());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
      // zonky reports that it cannot stop a server that is gone: expected here, so not shown
      ch.qos.logback.classic.Logger zonky = org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx
          ? ctx.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres") : null;
      ch.qos.logback.classic.Level was = zonky == null ? null : zonky.getLevel();
      if (zonky != null) {
        zonky.setLevel(ch.qos.logback.classic.Level.OFF);
      }
      try {
        close();
      } finally {
        if (zonky != null) {
          zonky.setLevel(was);
        }
      }
    }

    @Override
    public void close() {
      try {
        server.close();
      } catch (RuntimeException ex) {
        // a killed server has nothing left to stop
      }
    }
  }

  private record DockerNode(DockerServer server, Path dataDir) implements Node {
    @Override
    public void crash() {
      server.kill();
      close();
    }

    @Override
    public void close() {
      try {
        server.close();
      } catch (RuntimeException ex) {
        // a killed container has nothing left to stop
      }
    }
  }

  /** What a restore found: the server, the seconds it took until it accepted connections as a primary. */
  private record Restored(Node server, double seconds) {}

  /** Files and directories a base backup leaves out (PostgreSQL's documentation, "Making a Base Backup Using the Low Level API"). */
  private static final Set<String> SKIP_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map");
  private static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots",
      "pg_stat_tmp", "pg_subtrans");

  private final Settings settings;
  private final Path home;
  private final Consumer<String> say;
  private final Console console;
  private final List<AutoCloseable> open = new ArrayList<>();
  /** The embedded server's version and the client for the logical backup, resolved when the first server starts. */
  private LogicalBackup.ServerVersion version;
  private LogicalBackup.Tools tools;
  private String logicalSkip;

  Drill(Settings settings, Path home, Console console) {
    this.settings = settings;
    this.home = home;
    this.console = console;
    this.say = console::say;
  }

  Dr run() throws Exception {
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
    List<Dr.Check> checks = new ArrayList<>();

    // the restore time at a tenth of the scale too, for the projection
    List<Dr.RtoPoint> points = new ArrayList<>();
    DatasetSpec small = new DatasetSpec(settings.spec().scale().divide(java.math.BigDecimal.TEN), settings.spec().seed());
    points.add(restoreOnly(small));

    Map<String, String> primarySettings = new LinkedHashMap<>(ServerSettings.forOwnedServer());
    primarySettings.put("archive_mode", "on");
    primarySettings.put("archive_timeout", settings.archiveTimeoutSeconds() + "s");
    say.accept("bench: dr: primary with WAL archiving (archive_timeout " + settings.archiveTimeoutSeconds() + " s), scale "
        + settings.spec().scaleText());
    Node primary = start(home.resolve("primary"), primarySettings);
    try (Connection c = primary.connect(); Statement st = c.createStatement()) {
      // set here, not on the command line: zonky passes settings as one option string, which cannot hold spaces
      st.execute("ALTER SYSTEM SET archive_command = 'test ! -f " + sq(archive) + "/%f && cp %p " + sq(archive) + "/%f'");
      st.execute("SELECT pg_reload_conf()");
    }
    Seeder.Outcome seeded = new Seeder(say, console.loadProgress("loading")).ensure(primary.server(),
        new Seeder.Request(settings.spec(), SchemaVariant.REPORT, true));
    long rows = seeded.info().projects() + seeded.info().payloads() + seeded.info().events();
    Map<String, Long> counts;
    String fingerprint;
    try (Connection c = primary.connect()) {
      counts = IntegrityChecks.counts(c);
      fingerprint = IntegrityChecks.fingerprint(c);
    }

    // the logical backup in the report's format, where a client of the server's major or newer is found
    Dr.Logical logical;
    List<Dr.Check> logicalChecks = new ArrayList<>();
    if (primary.server() instanceof DockerServer d) {
      version = LogicalBackup.serverVersion(d);
      try {
        tools = LogicalBackup.inContainer(d, version); // the image's own pg_dump and pg_restore, in the primary's container
      } catch (BenchException e) {
        tools = null;
        logicalSkip = e.getMessage() + "; the physical drill above covers backup and restore";
      }
    }
    if (tools != null) {
      LogicalBackup lb = new LogicalBackup(primary.server(), tools, version, home.resolve("logical"), settings.keep(), say);
      open.add(lb);
      try {
        LogicalBackup.Outcome o = lb.run("logical: ");
        logical = o.logical();
        logicalChecks.addAll(o.checks());
      } finally {
        lb.close();
        open.remove(lb);
      }
    } else {
      logical = Dr.Logical.skipped(null, logicalSkip);
      say.accept("bench: dr: logical backup skipped: " + logicalSkip);
    }

    // base backup
    say.accept("bench: dr: base backup (pg_backup_start, copy, pg_backup_stop)");
    Path base = home.resolve("base");
    long t0 = System.nanoTime();
    try (Connection c = primary.connect(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_backup_start('apex-bench dr', true)");
      copyDataDir(primary.dataDir(), base);
      try (ResultSet rs = st.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)")) {
        rs.next();
        Files.writeString(base.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
        String map = rs.getString(2);
        if (map != null && !map.isEmpty()) {
          Files.writeString(base.resolve("tablespace_map"), map, StandardCharsets.UTF_8);
        }
      }
    }
    double backupSeconds = (System.nanoTime() - t0) / 1e9;
    long backupBytes = size(base);
    checks.add(new Dr.Check("base backup", true, String.format(Locale.ROOT, "%.1f s, %s", backupSeconds, mib(backupBytes))));

    // the write stream: before T, T, after T, a WAL switch so T's segment is archived, then writes until the crash
    say.accept("bench: dr: timestamped writes for " + 2 * settings.writeSeconds() + " s around a target time, then a crash of the primary");
    List<long[]> before = new ArrayList<>();
    List<long[]> after = new ArrayList<>();
    List<long[]> tail = new ArrayList<>();
    String target;
    long walBefore;
    long walAfter;
    long streamStart = System.nanoTime();
    long crashMicros;
    try (Connection c = primary.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA apex_dr");
      st.execute("CREATE TABLE apex_dr.writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
      walBefore = archived(st);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO apex_dr.writes DEFAULT VALUES RETURNING id,"
          + " (extract(epoch FROM at) * 1000000)::bigint")) {
        write(ins, before, settings.writeSeconds());
        Thread.sleep(300);
        try (ResultSet rs = st.executeQuery("SELECT clock_timestamp()::text, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")) {
          rs.next();
          target = rs.getString(1);
        }
        Thread.sleep(300);
        write(ins, after, Math.max(1, settings.writeSeconds() / 2));
        st.execute("SELECT pg_switch_wal()");
        awaitArchived(st, Duration.ofSeconds(60));
        write(ins, tail, settings.archiveTimeoutSeconds() + Math.max(1, settings.writeSeconds() / 2));
        walAfter = archived(st);
        try (ResultSet rs = st.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")) {
          rs.next();
          crashMicros = rs.getLong(1);
        }
      }
    }
    double streamMinutes = (System.nanoTime() - streamStart) / 6e10;
    primary.crash();
    say.accept("bench: dr: primary killed (SIGKILL) after " + (before.size() + after.size() + tail.size()) + " committed writes");

    // restore 1: to the target time
    say.accept("bench: dr: restore to " + target + " and verify");
    long r0 = System.nanoTime();
    Restored pitrServer = restore(base, archive, home.resolve("restore-pitr"), "recovery_target_time = '" + target + "'\n"
        + "recovery_target_action = 'promote'\n");
    long presentBefore;
    long presentAfter;
    List<Dr.Check> integrity;
    try (Connection c = pitrServer.server().connect()) {
      presentBefore = countIds(c, before);
      presentAfter = countIds(c, after) + countIds(c, tail);
      integrity = IntegrityChecks.run(c, counts, fingerprint).stream().map(x -> new Dr.Check(x.name(), x.pass(), x.detail())).toList();
    }
    double rto = (System.nanoTime() - r0) / 1e9;
    close(pitrServer.server());
    boolean verified = presentBefore == before.size() && presentAfter == 0;
    Dr.Pitr pitr = new Dr.Pitr(target, before.size(), presentBefore, after.size() + tail.size(), presentAfter, verified);
    checks.add(new Dr.Check("point-in-time recovery", verified, String.format(Locale.ROOT,
        "%d of %d writes before %s present, %d of %d after it present; the server accepted connections after %.1f s",
        presentBefore, before.size(), target, presentAfter, after.size() + tail.size(), pitrServer.seconds())));
    checks.addAll(integrity);
    points.add(new Dr.RtoPoint(settings.spec().scale().doubleValue(), rows, round(rto), true));

    // restore 2: to the end of the archive, what the crash lost
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
    long committed = before.size() + after.size() + tail.size();
    long lost = committed - present;
    double rpo = Math.max(0, (crashMicros - lastRestoredMicros) / 1e6);
    checks.add(new Dr.Check("archive after a crash", present <= committed, String.format(Locale.ROOT,
        "%d of %d committed writes recovered from the archive; the last one %.1f s before the crash", present, committed, rpo)));

    checks.addAll(logicalChecks);
    double perMinute = streamMinutes > 0 ? (walAfter - walBefore) / streamMinutes : 0;
    return new Dr(settings.spec().scale().doubleValue(), rows, round(backupSeconds), backupBytes, round(rto), round(rto), round(rpo), lost,
        (double) settings.archiveTimeoutSeconds(), round(perMinute), pitr, checks, points, project(points),
        logical.status() + ": " + logical.detail(), logical);
  }

  /** A restore-only run at another scale: seed, back up, restore, count. The restore's seconds. */
  private Dr.RtoPoint restoreOnly(DatasetSpec spec) throws Exception {
    say.accept("bench: dr: restore time at scale " + spec.scaleText() + " (for the projection)");
    Path h = home.resolve("small");
    Path archive = Files.createDirectories(h.resolve("archive"));
    handOver(archive);
    Map<String, String> s = new LinkedHashMap<>(ServerSettings.forOwnedServer());
    s.put("archive_mode", "on");
    Node p = start(h.resolve("primary"), s);
    try (Connection c = p.connect(); Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET archive_command = 'test ! -f " + sq(archive) + "/%f && cp %p " + sq(archive) + "/%f'");
      st.execute("SELECT pg_reload_conf()");
    }
    Seeder.Outcome o = new Seeder(x -> { }, console.loadProgress("loading")).ensure(p.server(), new Seeder.Request(spec, SchemaVariant.REPORT, true));
    Map<String, Long> counts;
    Path base = h.resolve("base");
    try (Connection c = p.connect(); Statement st = c.createStatement()) {
      counts = IntegrityChecks.counts(c);
      st.execute("SELECT pg_backup_start('apex-bench dr small', true)");
      copyDataDir(p.dataDir(), base);
      try (ResultSet rs = st.executeQuery("SELECT labelfile FROM pg_backup_stop(true)")) {
        rs.next();
        Files.writeString(base.resolve("backup_label"), rs.getString(1), StandardCharsets.UTF_8);
      }
    }
    close(p);
    long r0 = System.nanoTime();
    Restored r = restore(base, archive, h.resolve("restore"), "");
    try (Connection c = r.server().connect()) {
      List<IntegrityChecks.Check> ch = IntegrityChecks.run(c, counts, null);
      if (ch.stream().anyMatch(x -> !x.pass())) {
        throw BenchException.environment("dr: the restore at scale " + spec.scaleText() + " failed its checks: " + ch.stream()
            .filter(x -> !x.pass()).map(IntegrityChecks.Check::name).toList(), null);
      }
    }
    double sec = (System.nanoTime() - r0) / 1e9;
    close(r.server());
    EmbeddedServer.deleteTree(h);
    return new Dr.RtoPoint(spec.scale().doubleValue(), o.info().projects() + o.info().payloads() + o.info().events(), round(sec), true);
  }

  /** Restore time at scales 10 and 100 on the line through the measured points (seconds against rows). */
  static List<Dr.RtoPoint> project(List<Dr.RtoPoint> measured) {
    List<Dr.RtoPoint> out = new ArrayList<>();
    org.hipparchus.stat.regression.SimpleRegression reg = new org.hipparchus.stat.regression.SimpleRegression();
    measured.forEach(p -> reg.addData(p.rows(), p.seconds()));
    for (double scale : new double[] {10, 100}) {
      long rows = Math.round(scale * 50_000);
      Double s = reg.getN() >= 2 && !Double.isNaN(reg.getSlope()) ? round(Math.max(0, reg.predict(rows))) : null;
      out.add(new Dr.RtoPoint(scale, rows, s, false));
    }
    return out;
  }

  /** Copies a backup into a fresh data directory, adds the recovery settings, starts it, waits until it is a primary. */
  private Restored restore(Path base, Path archive, Path restoreHome, String target) throws Exception {
    Path data = restoreHome.resolve("pgdata");
    EmbeddedServer.deleteTree(restoreHome);
    long t0 = System.nanoTime();
    copyTree(base, data);
    Files.writeString(data.resolve("recovery.signal"), "");
    Files.writeString(data.resolve("postgresql.auto.conf"), "\nrestore_command = 'cp " + sq(archive) + "/%f %p'\n" + target,
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Map<String, String> s = new LinkedHashMap<>(ServerSettings.forOwnedServer());
    s.put("archive_mode", "off"); // the restored server must not archive into the primary's archive
    Node server = start(restoreHome, s);
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
  private void resolveTools(Node n) {
    if (n.server() instanceof DockerServer) {
      return; // the image's own pg_dump, found in the primary's container when the logical part runs (not inside a timed restore)
    }
    if (version != null) {
      return;
    }
    version = LogicalBackup.serverVersion(n.server());
    LogicalBackup.Found f = LogicalBackup.find(settings.pgBin(), version);
    tools = f.tools();
    if (tools == null) {
      logicalSkip = f.newestOlder() == null
          ? "the embedded PostgreSQL ships no pg_dump and none is on PATH or in " + LogicalBackup.DEBIAN + "/*/bin; the physical drill"
              + " above covers backup and restore"
          : "the embedded PostgreSQL ships no pg_dump, and the newest found (" + f.newestOlder().version() + ", " + f.newestOlder().where()
              + ") is older than the server (PostgreSQL " + version.text() + "): a dump of a newer server by an older pg_dump is refused;"
              + " the physical drill above covers backup and restore";
    }
  }

  private void write(PreparedStatement ins, List<long[]> into, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      try (ResultSet rs = ins.executeQuery()) {
        rs.next();
        into.add(new long[] {rs.getLong(1), rs.getLong(2)});
      }
      Thread.sleep(20);
    }
  }

  private static long countIds(Connection c, List<long[]> ids) throws Exception {
    if (ids.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM apex_dr.writes WHERE id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("bigint", ids.stream().map(x -> x[0]).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long archived(Statement st) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT archived_count FROM pg_stat_archiver")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void awaitArchived(Statement st, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      try (ResultSet rs = st.executeQuery("SELECT last_archived_wal >= pg_walfile_name(pg_current_wal_lsn()) OR"
          + " (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready') = 0 FROM pg_stat_archiver")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw BenchException.environment("dr: WAL was not archived within " + max.toSeconds() + " s (see the archive_command)", null);
  }

  private Node start(Path serverHome, Map<String, String> s) throws IOException {
    Files.createDirectories(serverHome);
    Node n;
    if (settings.image() == null) {
      n = new EmbeddedNode(EmbeddedServer.start(serverHome, s, say));
    } else {
      Path data = serverHome.resolve("pgdata");
      if (Files.isDirectory(data)) { // a restored base backup: PostgreSQL wants its data directory private
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
      handOver(serverHome);
      n = new DockerNode(DockerServer.startOnHostDirectory(settings.image(), s, home, data), data);
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

  private void close(Node e) {
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

  static void copyDataDir(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Path rel = from.relativize(dir);
        Files.createDirectories(to.resolve(rel.toString()));
        if (rel.getNameCount() == 1 && EMPTY_DIRS.contains(rel.toString())) {
          if (rel.toString().equals("pg_wal")) {
            Files.createDirectories(to.resolve("pg_wal/archive_status"));
          }
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path rel = from.relativize(file);
        if ((rel.getNameCount() == 1 && SKIP_FILES.contains(rel.toString())) || file.getFileName().toString().startsWith("pgsql_tmp")) {
          return FileVisitResult.CONTINUE;
        }
        try {
          Files.copy(file, to.resolve(rel.toString()), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.NoSuchFileException e) {
          // removed while copying (a temporary file): the WAL replay recreates what matters
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
        return FileVisitResult.CONTINUE;
      }
    });
    try {
      Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: postgres checks on its own
    }
  }

  static long size(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }

  /** A path inside single quotes of a PostgreSQL setting (the harness's own directories: no quote in them). */
  private static String sq(Path p) {
    String s = p.toAbsolutePath().toString();
    if (s.contains("'") || s.contains(" ")) {
      throw BenchException.environment("dr: the path " + s + " holds a quote or a space, which archive_command cannot take", null);
    }
    return s;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
