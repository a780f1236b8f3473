package dev.apexbench.harness.dr;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.Connections;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.harness.dr.PgTools.InContainer;
import dev.apexbench.harness.dr.PgTools.Local;
import dev.apexbench.harness.dr.PgTools.ServerVersion;
import dev.apexbench.harness.dr.PgTools.Tools;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.Session;
import dev.apexbench.reports.model.Dr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The logical backup in the report's format: {@code pg_dump -Fc -Z9} of the harness schema,
 * {@code pg_restore} into a scratch database the drill creates ({@code apex_bench_dr_<epoch
 * seconds>}) and always drops, and every integrity check on it against the source's row counts and
 * content fingerprint. Those are read in the snapshot that pg_dump dumps ({@code
 * pg_export_snapshot}, {@code pg_dump --snapshot}), so writes during the drill change neither.
 * Nothing outside the harness schema and the scratch database is touched. pg_dump and pg_restore
 * get the connection (and the password, as PGPASSWORD) in their environment, never on a command
 * line or on disk.
 */
public final class LogicalBackup implements AutoCloseable {
  public static final String SCRATCH_PREFIX = "apex_bench_dr_";
  private static final String CONTAINER_FILE = "/tmp/apex_bench_dr.dump";

  /** What one logical backup and restore measured. */
  public record Outcome(Dr.Logical logical, List<Dr.Check> checks, double restoreSeconds, double verifySeconds) {}

  private final PgServer server;
  private final Tools tools;
  private final ServerVersion version;
  private final Path home;
  private final boolean keep;
  private final Consumer<String> say;
  private volatile Process current;
  private volatile String created;
  private volatile Path dumpFile;

  LogicalBackup(PgServer server, Tools tools, ServerVersion version, Path home, boolean keep, Consumer<String> say) {
    this.server = server;
    this.tools = tools;
    this.version = version;
    this.home = home;
    this.keep = keep;
    this.say = say;
  }

  /**
   * Dumps, restores into a fresh scratch database, checks it, drops it. {@code prefix} goes before
   * each check's name (to tell them from the physical drill's).
   */
  Outcome run(String prefix) throws Exception {
    Files.createDirectories(home);
    String scratch = SCRATCH_PREFIX + Instant.now().getEpochSecond();
    Path file = home.resolve(scratch + ".dump");
    dumpFile = file;
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))); // it holds the data
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    Dumped dumped = dumpInSnapshot(file);
    long bytes = Files.size(file);

    say.accept("bench: dr: pg_restore into the scratch database " + scratch + ", then every check on it");
    long t1 = System.nanoTime();
    try (Connection c = server.connect(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + scratch); // the name is the harness's own: [a-z0-9_]
      created = scratch;
    } catch (SQLException e) {
      throw BenchException.environment("dr: cannot create the scratch database " + scratch + ": " + firstLine(e.getMessage()), e);
    }
    restore(file, scratch);
    double restoreSeconds = (System.nanoTime() - t1) / 1e9;
    long t2 = System.nanoTime();
    List<IntegrityChecks.Check> integrity;
    try (Connection c = connectTo(scratch)) {
      integrity = IntegrityChecks.run(c, dumped.counts(), dumped.fingerprint(), server.ownsServer());
    }
    double verifySeconds = (System.nanoTime() - t2) / 1e9;
    dropScratch();
    return outcome(prefix, scratch, file, bytes, dumped.seconds(), restoreSeconds, verifySeconds, integrity);
  }

  /** What the dump saw: the source's row counts and content fingerprint in the dumped snapshot, and the dump's seconds. */
  private record Dumped(Map<String, Long> counts, String fingerprint, double seconds) {}

  /** Counts, fingerprint and pg_dump, all in one exported snapshot, so writes during the drill change none of them. */
  private Dumped dumpInSnapshot(Path file) throws Exception {
    try (Connection src = server.connect()) {
      src.setAutoCommit(false);
      src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      String snapshot;
      try (Statement st = src.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
        rs.next();
        snapshot = rs.getString(1);
      } catch (SQLException e) {
        throw BenchException.environment("dr: cannot export a snapshot for pg_dump --snapshot (" + firstLine(e.getMessage()) + "); a"
            + " connection pooler in transaction mode cannot hold one: connect to the server itself", e);
      }
      Map<String, Long> counts = IntegrityChecks.counts(src);
      String fingerprint = IntegrityChecks.fingerprint(src);
      say.accept("bench: dr: pg_dump -Fc -Z9 -n " + PgServer.SCHEMA + " (" + tools.version() + ", " + tools.where() + ")");
      long t0 = System.nanoTime();
      dump(snapshot, file);
      double seconds = (System.nanoTime() - t0) / 1e9;
      src.rollback();
      return new Dumped(counts, fingerprint, seconds);
    }
  }

  private Outcome outcome(String prefix, String scratch, Path file, long bytes, double dumpSeconds, double restoreSeconds,
      double verifySeconds, List<IntegrityChecks.Check> integrity) {
    long failed = integrity.stream().filter(x -> !x.pass()).count();
    List<Dr.Check> checks = new ArrayList<>();
    checks.add(new Dr.Check(prefix + "pg_dump", true, String.format(Locale.ROOT, "%s -Fc -Z9 -n %s: %.1f s, %s", tools.version(),
        PgServer.SCHEMA, dumpSeconds, mib(bytes))));
    checks.add(new Dr.Check(prefix + "pg_restore", true, String.format(Locale.ROOT, "into the scratch database %s (--exit-on-error,"
        + " --no-owner): %.1f s", scratch, restoreSeconds)));
    integrity.forEach(x -> checks.add(new Dr.Check(prefix + x.name(), x.pass(), x.detail())));
    String detail = String.format(Locale.ROOT, "%s -Fc -Z9 of %s: %.1f s, %s; pg_restore into %s: %.1f s; %d of %d checks on it hold"
        + " (%.1f s); the scratch database was dropped%s", tools.version(), PgServer.SCHEMA, dumpSeconds, mib(bytes), scratch,
        restoreSeconds, integrity.size() - failed, integrity.size(), verifySeconds, keep ? "; the dump is kept in " + file : "");
    Dr.Logical logical = new Dr.Logical(Dr.Logical.DONE, tools.version(), round(dumpSeconds), bytes, round(restoreSeconds),
        round(verifySeconds), scratch, detail);
    return new Outcome(logical, checks, restoreSeconds, verifySeconds);
  }

  /**
   * The drill on a server bench dr did not start (an existing one, or a container): the logical
   * backup only. The physical fields are null, the RTO is the logical restore and its checks, the
   * RPO is not measured.
   */
  public static Dr drill(Session s, Tools tools, ServerVersion version, Path home, boolean keep, Console console) throws Exception {
    LogicalBackup b = new LogicalBackup(s.server, tools, version, home, keep, console::say);
    Thread hook = new Thread(b::close, "apex-dr-logical-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Outcome o = b.run("");
      var info = s.seed.info();
      double rto = round(o.restoreSeconds() + o.verifySeconds());
      return new Dr(s.spec.scale().doubleValue(), info.projects() + info.payloads() + info.events(), null, null, rto, rto, null, null,
          null, null, null, o.checks(), List.of(), List.of(), "done: " + o.logical().detail(), o.logical(), null, null, null,
          round(o.verifySeconds()));
    } finally {
      b.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs
      }
    }
  }

  private void dump(String snapshot, Path file) throws Exception {
    List<String> args = List.of("-w", "-Fc", "-Z9", "-n", PgServer.SCHEMA, "--snapshot=" + snapshot);
    if (tools instanceof Local l) {
      List<String> cmd = new ArrayList<>(List.of(l.dir().resolve("pg_dump").toString()));
      cmd.addAll(args);
      cmd.addAll(List.of("-f", file.toString()));
      runLocal(cmd, "pg_dump");
    } else if (tools instanceof InContainer c) {
      List<String> cmd = new ArrayList<>(List.of("pg_dump"));
      cmd.addAll(args);
      cmd.addAll(List.of("-f", CONTAINER_FILE));
      runInContainer(c.server(), cmd, "pg_dump");
      c.server().copyOut(CONTAINER_FILE, file);
    }
  }

  private void restore(Path file, String database) throws Exception {
    List<String> args = List.of("-w", "--exit-on-error", "--no-owner", "-d", database);
    if (tools instanceof Local l) {
      List<String> cmd = new ArrayList<>(List.of(l.dir().resolve("pg_restore").toString()));
      cmd.addAll(args);
      cmd.add(file.toString());
      runLocal(cmd, "pg_restore");
    } else if (tools instanceof InContainer c) {
      List<String> cmd = new ArrayList<>(List.of("pg_restore"));
      cmd.addAll(args);
      cmd.add(CONTAINER_FILE);
      try {
        runInContainer(c.server(), cmd, "pg_restore");
      } finally {
        c.server().exec(Map.of(), "rm", "-f", CONTAINER_FILE);
      }
    }
  }

  private void runLocal(List<String> cmd, String what) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // inherited libpq settings (a service file, PGHOSTADDR, PGSSLMODE, ...) must not redirect or weaken the connection below
    pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
    pb.environment().putAll(LibpqEnv.libpqEnv(server));
    Process p = pb.start();
    current = p;
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      if (rc != 0) {
        throw BenchException.environment("dr: " + what + " failed (exit " + rc + "): " + lastLine(out), null);
      }
    } finally {
      current = null;
    }
  }

  private void runInContainer(DockerServer d, List<String> cmd, String what) throws Exception {
    Properties props = d.connectionProperties();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", "5432");
    env.put("PGUSER", props.getProperty("user"));
    env.put("PGPASSWORD", props.getProperty("password"));
    env.put("PGDATABASE", LibpqEnv.database(d.connectUrl()));
    DockerServer.Exec e = d.exec(env, cmd.toArray(new String[0]));
    if (e.exitCode() != 0) {
      throw BenchException.environment("dr: " + what + " in the container failed (exit " + e.exitCode() + "): " + lastLine(e.stderr()
          + e.stdout()), null);
    }
  }

  private Connection connectTo(String database) throws SQLException {
    try {
      return DriverManager.getConnection(LibpqEnv.withDatabase(server.connectUrl(), database), server.connectionProperties());
    } catch (SQLException e) {
      throw Connections.translate(e, LibpqEnv.withDatabase(server.jdbcUrl(), database), server.connectionProperties().getProperty("user"));
    }
  }

  /** Drops the scratch database if this drill created it (only then). */
  private synchronized void dropScratch() {
    String db = created;
    if (db == null) {
      return;
    }
    try (Connection c = server.connect(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + db + (version.num() >= 130000 ? " WITH (FORCE)" : ""));
      created = null;
    } catch (SQLException | RuntimeException e) {
      say.accept("warning: dr: the scratch database " + db + " could not be dropped (" + firstLine(e.getMessage()) + "); drop it with"
          + " DROP DATABASE " + db);
    }
  }

  /** Stops a running pg_dump or pg_restore, drops the scratch database, removes the dump unless --keep. Safe to call twice. */
  @Override
  public void close() {
    Process p = current;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropScratch();
    Path f = dumpFile;
    if (f != null && !keep) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // best effort: it lies under .apex-bench/dr/
      }
    }
  }

  private static String lastLine(String s) {
    return s == null ? "" : s.strip().lines().reduce((a, b) -> b).orElse("");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
