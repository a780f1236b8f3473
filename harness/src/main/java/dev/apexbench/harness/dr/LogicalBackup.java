package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.Connections;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.dr.IntegrityChecks;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
final class LogicalBackup implements AutoCloseable {
  static final String SCRATCH_PREFIX = "apex_bench_dr_";
  /** Debian's layout: one directory of client programs per major version. */
  static final Path DEBIAN = Path.of("/usr/lib/postgresql");
  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.\\d+)?");
  private static final String CONTAINER_FILE = "/tmp/apex_bench_dr.dump";

  /** Where pg_dump and pg_restore run. */
  sealed interface Tools permits Local, InContainer {
    /** {@code pg_dump (PostgreSQL) 15.18}. */
    String version();

    int major();

    /** Where they are, for people: {@code in /usr/lib/postgresql/15/bin}, {@code on PATH (/usr/bin)}. */
    String where();
  }

  /** pg_dump and pg_restore of a directory on this machine. */
  record Local(Path dir, String version, int major, String where) implements Tools {}

  /** The container's own pg_dump and pg_restore ({@code --db docker}). */
  record InContainer(DockerServer server, String version, int major) implements Tools {
    @Override
    public String where() {
      return "in the container";
    }
  }

  /** The server's version: {@code server_version_num} and its short text ({@code 18.1}). */
  record ServerVersion(int num, String text) {
    int major() {
      return num / 10000;
    }
  }

  /** What the search found: the tools to use (or null), and the newest older pg_dump found (or null). */
  record Found(Local tools, Local newestOlder) {}

  /** What one logical backup and restore measured. */
  record Outcome(Dr.Logical logical, List<Dr.Check> checks, double restoreSeconds, double verifySeconds) {}

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

  static ServerVersion serverVersion(PgServer server) {
    try (Connection c = server.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
      rs.next();
      return new ServerVersion(rs.getInt(1), rs.getString(2).split("\\s+")[0]);
    } catch (SQLException e) {
      throw BenchException.environment("dr: cannot read the server's version: " + firstLine(e.getMessage()), e);
    }
  }

  /** Refuses (exit 2) a role that may not create the scratch database. */
  static void requireCreatedb(PgServer server) {
    try (Connection c = server.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_user, coalesce((SELECT rolcreatedb OR rolsuper FROM pg_roles"
            + " WHERE rolname = current_user), false)")) {
      rs.next();
      if (!rs.getBoolean(2)) {
        String role = rs.getString(1);
        throw BenchException.environment("dr: the role '" + role + "' may not create databases (no CREATEDB, not a superuser): the"
            + " logical drill restores into a scratch database it creates and drops; ALTER ROLE " + role + " CREATEDB, or use"
            + " another role", null);
      }
    } catch (SQLException e) {
      throw BenchException.environment("dr: cannot read the role's privileges: " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * The client to use against a server of {@code major}: from {@code pgBin} when given (refused in
   * one line when it has no pg_dump or one older than the server), else the one of the server's
   * major, or the nearest newer, in {@code /usr/lib/postgresql/<major>/bin} or on PATH.
   */
  static Found find(Path pgBin, ServerVersion server) {
    if (pgBin != null) {
      Local l = given(pgBin);
      if (l.major() < server.major()) {
        throw BenchException.usage("--pg-bin: " + l.version() + " in " + pgBin + " is older than the server (PostgreSQL " + server.text()
            + "), and pg_dump refuses to dump a newer server (allowed: the client of PostgreSQL " + server.major() + " or newer)");
      }
      return new Found(l, null);
    }
    List<Local> all = candidates();
    Optional<Local> best = all.stream().filter(l -> l.major() == server.major()).findFirst()
        .or(() -> all.stream().filter(l -> l.major() > server.major()).min(Comparator.comparingInt(Local::major)));
    if (best.isPresent()) {
      return new Found(best.get(), null);
    }
    return new Found(null, all.stream().max(Comparator.comparingInt(Local::major)).orElse(null));
  }

  /** The client in the directory given with --pg-bin; refused in one line (exit 2) when it holds none that runs. */
  static Local given(Path pgBin) {
    return at(pgBin, "in " + pgBin).orElseThrow(() -> BenchException.usage("--pg-bin: " + pgBin + " holds no pg_dump and pg_restore"
        + " that run (allowed: a directory with both, e.g. " + DEBIAN.resolve("18/bin") + ")"));
  }

  /** As {@link #find}, refusing in one line (exit 2) when no suitable client is found: an existing server has nothing else to drill. */
  static Local require(Path pgBin, ServerVersion server) {
    Found f = find(pgBin, server);
    if (f.tools() != null) {
      return f.tools();
    }
    String need = "the logical backup needs the client of PostgreSQL " + server.major() + " or newer (pg_dump, pg_restore): install it,"
        + " or pass --pg-bin DIR";
    if (f.newestOlder() == null) {
      throw BenchException.environment("dr: no pg_dump on PATH or in " + DEBIAN + "/*/bin; " + need, null);
    }
    throw BenchException.environment("dr: " + f.newestOlder().version() + " (" + f.newestOlder().where() + ") is older than the server"
        + " (PostgreSQL " + server.text() + "), and pg_dump refuses to dump a newer server; " + need, null);
  }

  /** The container's own client ({@code --db docker}: the image's pg_dump, of the server's version). */
  static InContainer inContainer(DockerServer d, ServerVersion server) {
    try {
      DockerServer.Exec e = d.exec(Map.of(), "pg_dump", "--version");
      Matcher m = VERSION.matcher(e.stdout());
      if (e.exitCode() != 0 || !m.find()) {
        throw BenchException.environment("dr: the image " + d.image() + " has no pg_dump that runs (" + firstLine(e.stdout() + e.stderr())
            + "); use a postgres image, or --db embedded", null);
      }
      String line = e.stdout().strip().lines().findFirst().orElse("");
      InContainer t = new InContainer(d, line.substring(0, Math.min(line.length(), m.end())), Integer.parseInt(m.group(1)));
      if (t.major() < server.major()) {
        throw BenchException.environment("dr: " + t.version() + " in the image " + d.image() + " is older than its server (PostgreSQL "
            + server.text() + ")", null);
      }
      return t;
    } catch (IOException e) {
      throw BenchException.environment("dr: cannot run pg_dump in the container: " + firstLine(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BenchException.interrupted();
    }
  }

  /** Every pg_dump (with its pg_restore) in Debian's directories, then on PATH, each once. */
  static List<Local> candidates() {
    List<Local> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    if (Files.isDirectory(DEBIAN)) {
      try (Stream<Path> s = Files.list(DEBIAN)) {
        s.filter(p -> p.getFileName().toString().matches("\\d{1,3}"))
            .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
            .forEach(p -> add(out, seen, p.resolve("bin"), "in " + p.resolve("bin")));
      } catch (IOException e) {
        // unreadable: PATH below
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isBlank()) {
          add(out, seen, Path.of(dir), "on PATH (" + dir + ")");
        }
      }
    }
    return out;
  }

  private static void add(List<Local> out, Set<Path> seen, Path dir, String where) {
    Path exe = dir.resolve("pg_dump");
    if (!Files.isExecutable(exe)) {
      return;
    }
    try {
      if (!seen.add(exe.toRealPath())) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    at(dir, where).ifPresent(out::add);
  }

  /** pg_dump and pg_restore of {@code dir}, with pg_dump's version; empty when either is missing or does not run. */
  static Optional<Local> at(Path dir, String where) {
    Path dump = dir.resolve("pg_dump");
    if (!Files.isExecutable(dump) || !Files.isExecutable(dir.resolve("pg_restore"))) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder(dump.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String line = out.lines().findFirst().orElse("");
      Matcher m = VERSION.matcher(line);
      if (!m.find()) {
        return Optional.empty();
      }
      return Optional.of(new Local(dir, line.substring(0, m.end()), Integer.parseInt(m.group(1)), where));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
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

    Map<String, Long> counts;
    String fingerprint;
    double dumpSeconds;
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
      counts = IntegrityChecks.counts(src);
      fingerprint = IntegrityChecks.fingerprint(src);
      say.accept("bench: dr: pg_dump -Fc -Z9 -n " + PgServer.SCHEMA + " (" + tools.version() + ", " + tools.where() + ")");
      long t0 = System.nanoTime();
      dump(snapshot, file);
      dumpSeconds = (System.nanoTime() - t0) / 1e9;
      src.rollback();
    }
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
      integrity = IntegrityChecks.run(c, counts, fingerprint, server.ownsServer());
    }
    double verifySeconds = (System.nanoTime() - t2) / 1e9;
    dropScratch();

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
  static Dr drill(Session s, Tools tools, ServerVersion version, Path home, boolean keep, Console console) throws Exception {
    LogicalBackup b = new LogicalBackup(s.server, tools, version, home, keep, console::say);
    Thread hook = new Thread(b::close, "apex-dr-logical-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Outcome o = b.run("");
      var info = s.seed.info();
      double rto = round(o.restoreSeconds() + o.verifySeconds());
      return new Dr(s.spec.scale().doubleValue(), info.projects() + info.payloads() + info.events(), null, null, rto, rto, null, null,
          null, null, null, o.checks(), List.of(), List.of(), "done: " + o.logical().detail(), o.logical());
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
    pb.environment().putAll(libpqEnv(server));
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
    env.put("PGDATABASE", database(d.connectUrl()));
    DockerServer.Exec e = d.exec(env, cmd.toArray(new String[0]));
    if (e.exitCode() != 0) {
      throw BenchException.environment("dr: " + what + " in the container failed (exit " + e.exitCode() + "): " + lastLine(e.stderr()
          + e.stdout()), null);
    }
  }

  /**
   * libpq's environment for the server's connection: PGHOST, PGPORT (one each per host),
   * PGDATABASE, PGUSER, PGPASSWORD, and the TLS and session settings the URL carries.
   */
  static Map<String, String> libpqEnv(PgServer server) {
    Properties url = parsed(server.connectUrl());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", url.getProperty("PGHOST")); // pgjdbc's parse: comma-separated hosts and ports, brackets of IPv6 removed
    env.put("PGPORT", url.getProperty("PGPORT"));
    env.put("PGDATABASE", url.getProperty("PGDBNAME", ""));
    Properties props = server.connectionProperties();
    env.put("PGUSER", props.getProperty("user"));
    String password = props.getProperty("password");
    if (password != null && !password.isEmpty()) {
      env.put("PGPASSWORD", password); // the child's environment only, never its command line
    }
    env.put("PGAPPNAME", "apex-bench");
    Map<String, String> names = Map.of("sslmode", "PGSSLMODE", "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "sslrootcert", "PGSSLROOTCERT",
        "gssEncMode", "PGGSSENCMODE", "connectTimeout", "PGCONNECT_TIMEOUT", "options", "PGOPTIONS", "targetServerType",
        "PGTARGETSESSIONATTRS");
    names.forEach((jdbc, libpq) -> {
      String value = url.getProperty(jdbc);
      if (value == null) {
        return;
      }
      if (jdbc.equals("targetServerType")) {
        value = switch (value) {
          case "primary", "master" -> "read-write";
          case "secondary", "slave" -> "standby";
          case "preferSecondary", "preferSlave" -> "prefer-standby";
          case "preferPrimary" -> "any";
          default -> value;
        };
      }
      env.put(libpq, value);
    });
    if (!env.containsKey("PGSSLMODE") && "true".equals(url.getProperty("ssl"))) {
      env.put("PGSSLMODE", "verify-full"); // what pgjdbc's ssl=true means; libpq's default would be prefer
    }
    return env;
  }

  /** The database of a {@code jdbc:postgresql://host:port/db?...} URL. */
  static String database(String url) {
    return parsed(url).getProperty("PGDBNAME", "");
  }

  /** A JDBC URL as pgjdbc reads it (hosts, ports, database, parameters decoded). */
  private static Properties parsed(String url) {
    Properties p = org.postgresql.Driver.parseURL(url, null);
    if (p == null) {
      throw BenchException.environment("dr: cannot read host, port and database from " + dev.apexbench.db.DbSpec.redact(url), null);
    }
    return p;
  }

  /** The URL with another database. */
  static String withDatabase(String url, String database) {
    String prefix = "jdbc:postgresql://";
    String rest = url.substring(prefix.length());
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q);
    rest = q < 0 ? rest : rest.substring(0, q);
    int slash = rest.indexOf('/');
    return prefix + (slash < 0 ? rest : rest.substring(0, slash)) + "/" + database + query;
  }

  private Connection connectTo(String database) throws SQLException {
    try {
      return DriverManager.getConnection(withDatabase(server.connectUrl(), database), server.connectionProperties());
    } catch (SQLException e) {
      throw Connections.translate(e, withDatabase(server.jdbcUrl(), database), server.connectionProperties().getProperty("user"));
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
