package dev.apexbench.harness.dr;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.ServerSettings;
import dev.apexbench.harness.dr.PgTools.ServerVersion;
import dev.apexbench.harness.dr.PgTools.Tools;
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
import java.util.Map;
import java.util.function.Consumer;

/**
 * The drill's servers: started (embedded, or containers on this machine's directories), restored
 * from a base backup and the archive, and every one stopped at the end, also on Ctrl-C. At the
 * first start it also finds the client for the logical backup.
 */
final class DrillServers implements AutoCloseable {
  /** What a restore found: the server, and the seconds from its start to the first query answered as a primary. */
  record Restored(DrillNode server, double seconds) {}

  private final DrillSettings settings;
  private final Path home;
  private final Consumer<String> say;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ServerVersion version;
  private Tools tools;
  private String logicalSkip;

  DrillServers(DrillSettings settings, Path home, Consumer<String> say) {
    this.settings = settings;
    this.home = home;
    this.say = say;
  }

  ServerVersion version() {
    return version;
  }

  Tools tools() {
    return tools;
  }

  String logicalSkip() {
    return logicalSkip;
  }

  /** The tools for the logical backup in the primary's container (the image's own pg_dump), or why not. */
  void toolsInContainer(DockerServer d) {
    version = PgTools.serverVersion(d);
    try {
      tools = PgTools.inContainer(d, version);
    } catch (BenchException e) {
      tools = null;
      logicalSkip = e.getMessage() + "; the physical drill above covers backup and restore";
    }
  }

  /** Something to close with the servers (a logical backup's pg_dump), before them. */
  void track(AutoCloseable c) {
    open.add(c);
  }

  void untrack(AutoCloseable c) {
    open.remove(c);
  }

  /**
   * A server with WAL archiving into {@code archive} ({@code archive_timeout} when not null). The
   * archive_command is set with ALTER SYSTEM, not on the command line: zonky passes settings as one
   * option string, which cannot hold spaces.
   */
  DrillNode startArchiving(Path serverHome, Path archive, Integer archiveTimeoutSeconds) throws Exception {
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

  /** Copies a backup into a fresh data directory, adds the recovery settings, starts it, waits until it answers as a primary. */
  Restored restore(Path base, Path archive, Path restoreHome, String target) throws Exception {
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
        Thread.sleep(20);
      }
    }
    return new Restored(server, Drill.round((System.nanoTime() - t0) / 1e9));
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

  /**
   * In docker: a directory of the drill handed to the container's postgres user (the official
   * image's uid), who writes the archive and owns the data directories. Needs root here.
   */
  void handOver(Path dir) throws IOException {
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

  void close(DrillNode e) {
    open.remove(e);
    e.close();
  }

  /** Stops everything still open, the last opened (a logical backup's pg_dump) before the servers it uses. */
  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(open);
    java.util.Collections.reverse(all);
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
  static String sq(Path p) {
    String s = p.toAbsolutePath().toString();
    if (s.contains("'") || s.contains(" ")) {
      throw BenchException.environment("dr: the path " + s + " holds a quote or a space, which archive_command cannot take", null);
    }
    return s;
  }
}
