package dev.apexbench.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL 15 ({@code /usr/lib/postgresql/15/bin}) in a temporary directory, for tests
 * that need a server of another major than the embedded one: an "existing" server with password
 * authentication (scram-sha-256) on 127.0.0.1. initdb and postgres refuse to run as root, so as
 * root they run as the {@code postgres} OS user (runuser).
 */
final class Pg15Server implements AutoCloseable {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  static final String PASSWORD = "pg15-secret";

  final Path dir;
  final int port;

  private Pg15Server(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Whether Debian's PostgreSQL 15 is installed (and, as root, the postgres user exists to run it). */
  static boolean available() {
    return Files.isExecutable(BIN.resolve("initdb")) && (!root() || run(List.of("id", "-u", "postgres")).startsWith("0:"));
  }

  static Pg15Server start() throws Exception {
    Path dir = Files.createTempDirectory("apex-pg15");
    Path data = dir.resolve("data");
    Path pw = dir.resolve("pw");
    Files.writeString(pw, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (root()) {
      check(run(List.of("chown", "-R", "postgres:", dir.toString())), "chown");
    }
    check(run(asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--pwfile=" + pw, "-A",
        "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"))), "initdb");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    check(run(asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "start"))), "pg_ctl start");
    return new Pg15Server(dir, port);
  }

  /** The URL as a user passes it to --db (the password in it: the harness moves it to a connection property). */
  String url(String user, String password) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user + "&password=" + password;
  }

  Connection connect() throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
  }

  @Override
  public void close() {
    run(asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop")));
    dev.apexbench.db.EmbeddedServer.deleteTree(dir);
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asPostgres(List<String> cmd) {
    if (!root()) {
      return cmd;
    }
    List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    out.addAll(cmd);
    return out;
  }

  /** "exit:output". */
  private static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return "-1:timed out: " + cmd;
      }
      return p.exitValue() + ":" + out;
    } catch (IOException e) {
      return "-1:" + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "-1:interrupted";
    }
  }

  private static void check(String result, String what) {
    if (!result.startsWith("0:")) {
      throw new IllegalStateException(what + " failed: " + result);
    }
  }
}
