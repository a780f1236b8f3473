package dev.apexbench.datagen;

import dev.apexbench.dataset.Generator;
import dev.apexbench.dataset.Chunk;
import dev.apexbench.dataset.Fingerprint;

import dev.apexbench.db.PgServer;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams generated chunks into the three tables with {@code COPY ... FROM STDIN}, one connection
 * and one transaction per table, committed together at the end. Chunks are generated ahead on a
 * small pool (each chunk is independent) and written strictly in chunk order, so the bytes sent
 * and the fingerprint are the same whatever the thread timing.
 */
public final class Loader {
  static final String COPY_PROJECTS =
      "COPY projects (project_id, account_id, name, status, created_at, updated_at, etag,"
          + " constants_version, content_sha256, confidence) FROM STDIN";
  static final String COPY_PAYLOADS =
      "COPY project_payloads (payload_id, project_id, module, inputs, results, created_at) FROM STDIN";
  static final String COPY_EVENTS =
      "COPY project_events (event_id, project_id, event_type, occurred_at, actor, details) FROM STDIN";

  /**
   * Rows loaded, how long it took, and the fingerprint of exactly the bytes sent. {@code
   * waitSeconds} is how long the COPY writer sat waiting for the generator: close to zero means
   * the load was limited by the server, not by the generator.
   */
  public record Result(
      long projects, long payloads, long events, double seconds, double waitSeconds, String fingerprint) {
    public long rows() {
      return projects + payloads + events;
    }

    public double rowsPerSec() {
      return seconds <= 0 ? 0 : rows() / seconds;
    }
  }

  private final int generatorThreads;

  public Loader() {
    this(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }

  public Loader(int generatorThreads) {
    this.generatorThreads = generatorThreads;
  }

  public Result load(PgServer server, Generator gen, Progress progress) throws SQLException {
    long started = System.nanoTime();
    long total = gen.spec().totalRows();
    List<Connection> conns = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(generatorThreads, r -> {
      Thread t = new Thread(r, "datagen");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < 3; i++) {
        Connection c = server.connect();
        conns.add(c);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL statement_timeout = 0"); // a large COPY may run past the 30 s default
        }
      }
      Fingerprint fingerprint = new Fingerprint();
      long waitNanos = 0;
      long projects = 0;
      long payloads = 0;
      long events = 0;
      try (OutputStream p = copy(conns.get(0), COPY_PROJECTS);
          OutputStream l = copy(conns.get(1), COPY_PAYLOADS);
          OutputStream e = copy(conns.get(2), COPY_EVENTS)) {
        Deque<Future<Chunk>> ahead = new ArrayDeque<>();
        int next = 0;
        int chunks = gen.chunkCount();
        int window = generatorThreads * 2;
        while (next < chunks || !ahead.isEmpty()) {
          while (next < chunks && ahead.size() < window) {
            int index = next++;
            ahead.add(pool.submit(() -> gen.chunk(index)));
          }
          long w = System.nanoTime();
          Chunk ch = ahead.removeFirst().get();
          waitNanos += System.nanoTime() - w;
          p.write(ch.projects());
          l.write(ch.payloads());
          e.write(ch.events());
          fingerprint.add(ch);
          projects += ch.projectRows();
          payloads += ch.payloadRows();
          events += ch.eventRows();
          progress.rows(projects + payloads + events, total);
        }
      }
      for (Connection c : conns) {
        c.commit();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Result(
          projects, payloads, events, seconds, waitNanos / 1e9, fingerprint.hex());
    } catch (IOException e) {
      rollback(conns);
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      rollback(conns);
      throw new IllegalStateException("data generation failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      rollback(conns);
      Thread.currentThread().interrupt();
      throw new SQLException("load interrupted", e);
    } catch (SQLException | RuntimeException e) {
      rollback(conns);
      throw e;
    } finally {
      pool.shutdownNow();
      for (Connection c : conns) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing after a failure: the original error is what matters
        }
      }
    }
  }

  private static OutputStream copy(Connection c, String sql) throws SQLException {
    return new PGCopyOutputStream(c.unwrap(PGConnection.class), sql, 1 << 16);
  }

  private static void rollback(List<Connection> conns) {
    for (Connection c : conns) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection may already be broken; closing it rolls back too
      }
    }
  }
}
