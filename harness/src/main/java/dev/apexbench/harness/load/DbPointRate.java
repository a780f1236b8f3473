package dev.apexbench.harness.load;

import dev.apexbench.db.PgServer;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own point-read rate: the catalog's {@code simple.project_by_id} with random seeded
 * ids, {@code connections} clients at once, straight on the server (no api), for a given time. With
 * pgbench on the PATH it is pgbench ({@code -M prepared}, a script with the same SQL); otherwise a
 * JDBC loop, one thread and connection per client, with server-side prepared statements, reading
 * every column as the api does.
 */
public final class DbPointRate {
  /** The rate and how it was measured. */
  public record Rate(double perSecond, String method) {}

  private DbPointRate() {}

  public static Rate measure(PgServer server, long seededProjects, int connections, Duration d) throws Exception {
    Path pgbench = onPath("pgbench");
    if (pgbench != null) {
      try {
        return pgbench(pgbench, server, seededProjects, connections, d);
      } catch (IOException | RuntimeException e) {
        // fall back to the JDBC loop below
      }
    }
    return jdbc(server, seededProjects, connections, d);
  }

  public static Rate jdbc(PgServer server, long seededProjects, int connections, Duration d) throws Exception {
    CatalogQuery q = QueryCatalog.get("simple.project_by_id");
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    List<Connection> conns = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      conns.add(server.connect());
    }
    long[] window = new long[2];
    try {
      for (int i = 0; i < connections; i++) {
        Connection c = conns.get(i);
        long seed = i;
        Thread t = new Thread(() -> {
          SplittableRandom rnd = new SplittableRandom(seed);
          try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            while (!stop.get()) {
              ps.setLong(1, 1 + rnd.nextLong(seededProjects));
              try (ResultSet rs = ps.executeQuery()) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                  for (int k = 1; k <= cols; k++) {
                    rs.getObject(k);
                  }
                }
              }
              done.increment();
            }
          } catch (Exception e) {
            stop.set(true);
          }
        }, "db-point-" + i);
        threads.add(t);
      }
      threads.forEach(Thread::start);
      Thread.sleep(Math.min(2_000, d.toMillis() / 5)); // warm: the statement becomes server-prepared, the JIT compiles the loop
      window[0] = System.nanoTime();
      long before = done.sum();
      Thread.sleep(d.toMillis());
      long after = done.sum();
      window[1] = System.nanoTime();
      stop.set(true);
      for (Thread t : threads) {
        t.join(10_000);
      }
      return new Rate((after - before) / ((window[1] - window[0]) / 1e9), "JDBC loop, " + connections + " connections");
    } finally {
      stop.set(true);
      for (Connection c : conns) {
        c.close();
      }
    }
  }

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  public static Rate pgbench(Path pgbench, PgServer server, long seededProjects, int connections, Duration d) throws Exception {
    Path script = Files.createTempFile("apex-point", ".sql");
    try {
      Files.writeString(script, "\\set id random(1, " + seededProjects + ")\n"
          + QueryCatalog.get("simple.project_by_id").sql().replace("FROM projects", "FROM " + PgServer.SCHEMA + ".projects").replace("?", ":id") + ";\n");
      String url = server.connectUrl();
      Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(url);
      if (!m.find()) {
        throw new IOException("cannot read host, port and database from " + url);
      }
      Properties props = server.connectionProperties();
      List<String> cmd = List.of(pgbench.toString(), "-n", "-M", "prepared", "-c", Integer.toString(connections), "-j",
          Integer.toString(Math.min(connections, 2)), "-T", Long.toString(Math.max(1, d.toSeconds())), "-f", script.toString(),
          "-h", m.group(1), "-p", m.group(2), "-U", props.getProperty("user", "postgres"), m.group(3));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      String password = props.getProperty("password");
      if (password != null && !password.isEmpty()) {
        pb.environment().put("PGPASSWORD", password); // the child's environment only, never its command line
      }
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("pgbench failed: " + out.lines().reduce((a, b) -> b).orElse(""));
      }
      Matcher t = TPS.matcher(out);
      if (!t.find()) {
        throw new IOException("no tps in pgbench's output");
      }
      return new Rate(Double.parseDouble(t.group(1)), "pgbench -M prepared, " + connections + " clients");
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static Path onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
