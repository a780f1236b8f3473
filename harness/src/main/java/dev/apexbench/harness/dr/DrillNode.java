package dev.apexbench.harness.dr;

import dev.apexbench.db.DockerServer;
import dev.apexbench.db.EmbeddedServer;
import dev.apexbench.db.PgServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * A server of the drill: an embedded one, or a container whose data directory lies on this
 * machine (bind-mounted at the same path), so that either is backed up, crashed and restored the
 * same way.
 */
interface DrillNode extends AutoCloseable {
  PgServer server();

  Path dataDir();

  /** Kills the server like a power loss (SIGKILL, no shutdown checkpoint, no WAL switch). */
  void crash() throws Exception;

  @Override
  void close();

  default Connection connect() throws java.sql.SQLException {
    return server().connect();
  }

  /** An embedded server of the drill. */
  record Embedded(EmbeddedServer server) implements DrillNode {
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

  /** A container of the drill, its data directory bind-mounted from this machine. */
  record Docker(DockerServer server, Path dataDir) implements DrillNode {
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
}
