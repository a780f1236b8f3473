package dev.apexbench.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A zonky embedded PostgreSQL whose data directory persists under a home directory (by default
 * {@code .apex-bench/} at the repository root), so that a seeded dataset is reused by later
 * commands.
 *
 * <p>A JVM killed with SIGKILL leaves zonky's postmaster running. Each start therefore takes an
 * exclusive lock on the home directory first (so a live harness is never disturbed), and then
 * stops any postmaster still recorded in the data directory's {@code postmaster.pid}.
 */
public final class EmbeddedServer implements PgServer {
  private final EmbeddedPostgres pg;
  private final Path dataDir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private EmbeddedServer(EmbeddedPostgres pg, Path dataDir, FileChannel lockChannel, FileLock lock) {
    this.pg = pg;
    this.dataDir = dataDir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Starts (or restarts) the server whose data lives in {@code home/pgdata}. {@code say} receives
   * one-line notices for people (stale server stopped, data directory re-initialised).
   */
  public static EmbeddedServer start(Path home, Map<String, String> settings, Consumer<String> say) {
    Path dataDir = home.resolve("pgdata");
    FileChannel channel = null;
    FileLock lock;
    try {
      Files.createDirectories(home);
      channel =
          FileChannel.open(
              home.resolve("embedded.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      throw BenchException.environment(
          "cannot use " + home + " for the embedded server: " + e.getMessage(), e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw BenchException.environment(
          "another bench command is using the embedded server in "
              + home
              + "; wait for it to finish, or pass --db docker or a JDBC URL",
          null);
    }
    Path binaries = home.resolve("pg-binaries");
    try {
      EmbeddedBinaries.checkThisPlatform();
      stopStalePostmaster(dataDir, say);
      EmbeddedPostgres pg;
      try {
        pg = builder(dataDir, binaries, settings).start();
      } catch (OtherMajor om) {
        say.accept(
            "the embedded data directory was made by PostgreSQL "
                + om.onDisk
                + "; re-initialising it for PostgreSQL "
                + om.binaries);
        deleteTree(dataDir);
        pg = builder(dataDir, binaries, settings).start();
      }
      return new EmbeddedServer(pg, dataDir, channel, lock);
    } catch (IOException | RuntimeException e) {
      release(lock, channel);
      if (e instanceof BenchException be) {
        throw be;
      }
      throw BenchException.environment(
          "the embedded PostgreSQL did not start (data directory "
              + dataDir
              + "): "
              + Connections.firstLine(String.valueOf(e.getMessage())),
          e);
    }
  }

  /** A throw-away server in a fresh temporary directory, deleted on close (for tests). */
  public static EmbeddedServer startTemporary(Map<String, String> settings) {
    try {
      Path home = Files.createTempDirectory("apex-bench-pg");
      EmbeddedServer s = start(home, settings, msg -> {});
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedPostgres.Builder builder(Path dataDir, Path binaries, Map<String, String> settings) {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(binaries.toFile())
            // zonky caches the extracted binaries per resolver: one per working directory, so they are
            // extracted under this home (where EmbeddedBinaries reads their version), not another's
            .setPgBinaryResolver(new Resolver(binaries))
            .setPGStartupWait(Duration.ofSeconds(60))
            // called once the binaries are extracted and before the postmaster starts
            .setDataDirectoryCustomizer(dir -> checkMajor(dataDir, binaries));
    settings.forEach(b::setServerConfig);
    return b;
  }

  /** zonky's default resolver, told apart per working directory (zonky's cache key). */
  private record Resolver(Path workingDir) implements io.zonky.test.db.postgres.embedded.PgBinaryResolver {
    @Override
    public java.io.InputStream getPgBinary(String system, String machineHardware) throws IOException {
      return io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    }
  }

  /** A data directory of another PostgreSQL major than the binaries': it cannot be started. */
  private static final class OtherMajor extends RuntimeException {
    final String onDisk;
    final int binaries;

    OtherMajor(String onDisk, int binaries) {
      super("data directory of PostgreSQL " + onDisk + ", binaries of PostgreSQL " + binaries, null, false, false);
      this.onDisk = onDisk;
      this.binaries = binaries;
    }
  }

  /**
   * Compares the data directory's major (its {@code PG_VERSION}) with the binaries' (their own
   * {@code postgres -V}); throws {@link OtherMajor} when they differ, so the directory is rebuilt.
   */
  private static void checkMajor(Path dataDir, Path binaries) {
    Path versionFile = dataDir.resolve("PG_VERSION");
    if (!Files.exists(versionFile)) {
      return;
    }
    Optional<Integer> major = EmbeddedBinaries.extractedMajor(binaries);
    String onDisk;
    try {
      onDisk = Files.readString(versionFile).trim();
    } catch (IOException e) {
      return; // postgres itself will say what is wrong with the directory
    }
    if (major.isPresent() && !onDisk.equals(Integer.toString(major.get()))) {
      throw new OtherMajor(onDisk, major.get());
    }
  }

  /** Reads {@code postmaster.pid} and stops that postmaster if it is still alive. */
  static void stopStalePostmaster(Path dataDir, Consumer<String> say) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String first;
    try (Stream<String> lines = Files.lines(pidFile)) {
      first = lines.findFirst().orElse("").trim();
    }
    long pid;
    try {
      pid = Long.parseLong(first);
    } catch (NumberFormatException e) {
      return; // postgres itself removes a malformed or stale pid file on start
    }
    Optional<ProcessHandle> ph = ProcessHandle.of(pid);
    if (ph.isEmpty() || !ph.get().isAlive() || !isPostgres(ph.get())) {
      return;
    }
    say.accept(
        "stopping a stale embedded PostgreSQL (pid "
            + pid
            + ") left running by an earlier bench command that was killed");
    for (String signal : new String[] {"-INT", "-QUIT", "-KILL"}) {
      signal(pid, signal);
      if (waitForExit(ph.get(), signal.equals("-INT") ? Duration.ofSeconds(20) : Duration.ofSeconds(5))) {
        return;
      }
    }
    throw BenchException.environment(
        "a stale PostgreSQL (pid " + pid + ") in " + dataDir + " does not stop; stop it by hand", null);
  }

  private static boolean isPostgres(ProcessHandle ph) {
    String cmd = ph.info().command().orElse("");
    if (cmd.contains("postgres")) {
      return true;
    }
    try {
      return Files.readString(Path.of("/proc/" + ph.pid() + "/cmdline")).contains("postgres");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void signal(long pid, String signal) throws IOException {
    try {
      new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean waitForExit(ProcessHandle ph, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!ph.isAlive()) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !ph.isAlive();
      }
    }
    return !ph.isAlive();
  }

  @Override
  public Provider provider() {
    return Provider.EMBEDDED;
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
  }

  @Override
  public String connectUrl() {
    return jdbcUrl();
  }

  public int port() {
    return pg.getPort();
  }

  /** The server's data directory. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public Properties connectionProperties() {
    Properties p = Connections.baseProperties();
    p.setProperty("user", "postgres");
    p.setProperty("password", "");
    return p;
  }

  @Override
  public boolean ownsServer() {
    return true;
  }

  @Override
  public String describe() {
    return "embedded PostgreSQL on 127.0.0.1:" + pg.getPort() + " (data " + dataDir + ")";
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      // zonky logs the failure; the lock is released below either way
    } finally {
      release(lock, lockChannel);
    }
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // the OS releases the lock when the channel closes
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }

  /** Deletes a directory tree, best effort (what is left stays for the next run to retry). */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort for temporary directories
    }
  }
}
