package dev.apexbench.harness.dr;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.DockerServer;
import dev.apexbench.db.PgServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finding the pg_dump and pg_restore a logical backup runs: of the server's major or newer, given
 * with --pg-bin, in Debian's {@code /usr/lib/postgresql/<major>/bin}, on PATH, or in the container.
 */
public final class PgTools {
  /** Debian's layout: one directory of client programs per major version. */
  public static final Path DEBIAN = Path.of("/usr/lib/postgresql");
  static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.\\d+)?");

  private PgTools() {}

  /** Where pg_dump and pg_restore run. */
  public sealed interface Tools permits Local, InContainer {
    /** {@code pg_dump (PostgreSQL) 15.18}. */
    String version();

    int major();

    /** Where they are, for people: {@code in /usr/lib/postgresql/15/bin}, {@code on PATH (/usr/bin)}. */
    String where();
  }

  /** pg_dump and pg_restore of a directory on this machine. */
  public record Local(Path dir, String version, int major, String where) implements Tools {}

  /** The container's own pg_dump and pg_restore ({@code --db docker}). */
  public record InContainer(DockerServer server, String version, int major) implements Tools {
    @Override
    public String where() {
      return "in the container";
    }
  }

  /** The server's version: {@code server_version_num} and its short text ({@code 18.1}). */
  public record ServerVersion(int num, String text) {
    int major() {
      return num / 10000;
    }
  }

  /** What the search found: the tools to use (or null), and the newest older pg_dump found (or null). */
  public record Found(Local tools, Local newestOlder) {}

  public static ServerVersion serverVersion(PgServer server) {
    try (Connection c = server.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
      rs.next();
      return new ServerVersion(rs.getInt(1), rs.getString(2).split("\\s+")[0]);
    } catch (SQLException e) {
      throw BenchException.environment("dr: cannot read the server's version: " + firstLine(e.getMessage()), e);
    }
  }

  /** Refuses (exit 2) a role that may not create the scratch database. */
  public static void requireCreatedb(PgServer server) {
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
  public static Found find(Path pgBin, ServerVersion server) {
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

  /** Why the embedded server's drill skips the logical backup when {@link #find} found no client of its major or newer. */
  static String embeddedSkip(Found f, ServerVersion version) {
    return f.newestOlder() == null
        ? "the embedded PostgreSQL ships no pg_dump and none is on PATH or in " + DEBIAN + "/*/bin; the physical drill above covers"
            + " backup and restore"
        : "the embedded PostgreSQL ships no pg_dump, and the newest found (" + f.newestOlder().version() + ", " + f.newestOlder().where()
            + ") is older than the server (PostgreSQL " + version.text() + "): a dump of a newer server by an older pg_dump is refused;"
            + " the physical drill above covers backup and restore";
  }

  /** The client in the directory given with --pg-bin; refused in one line (exit 2) when it holds none that runs. */
  public static Local given(Path pgBin) {
    return at(pgBin, "in " + pgBin).orElseThrow(() -> BenchException.usage("--pg-bin: " + pgBin + " holds no pg_dump and pg_restore"
        + " that run (allowed: a directory with both, e.g. " + DEBIAN.resolve("18/bin") + ")"));
  }

  /** As {@link #find}, refusing in one line (exit 2) when no suitable client is found: an existing server has nothing else to drill. */
  public static Local require(Path pgBin, ServerVersion server) {
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
  public static InContainer inContainer(DockerServer d, ServerVersion server) {
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
  public static List<Local> candidates() {
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
  public static Optional<Local> at(Path dir, String where) {
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

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }
}
