package dev.apexbench.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the api as its own process (what {@code bench load} does, so that the load generator and
 * the system under test do not share a JVM, a heap or GC pauses). Arguments: JDBC URL, port, pool
 * size, acquire timeout (ms), statement timeout (ms). The connection properties (with the
 * password) come first on standard input ({@link #writeProperties}), so no secret is on the command
 * line or on disk. Prints {@code LISTENING <port>} when ready; stops gracefully on SIGTERM or when
 * standard input closes.
 */
public final class ApiMain {
  private ApiMain() {}

  /** Writes connection properties as the api reads them: a line with the byte count, then the bytes. */
  public static void writeProperties(Properties p, OutputStream out) throws IOException {
    java.io.StringWriter w = new java.io.StringWriter();
    p.store(w, null);
    byte[] bytes = w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.write((bytes.length + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  static Properties readProperties(InputStream in) throws IOException {
    StringBuilder len = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0 || len.length() > 10) {
        throw new IOException("no connection properties on standard input");
      }
      len.append((char) c);
    }
    byte[] bytes = in.readNBytes(Integer.parseInt(len.toString().trim()));
    Properties p = new Properties();
    p.load(new java.io.StringReader(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    return p;
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Properties props = readProperties(System.in);
    ApiSettings s =
        ApiSettings.defaults()
            .withPort(Integer.parseInt(args[1]))
            .withPool(Integer.parseInt(args[2]), Long.parseLong(args[3]))
            .withStatementTimeout(Long.parseLong(args[4]));
    ApiServer server = ApiServer.start(url, props, s);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }));
    System.out.println("LISTENING " + server.port());
    System.out.flush();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the parent holds stdin open while it wants the api
        }
      } catch (IOException e) {
        // parent gone
      }
      System.exit(0);
    }, "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
    stop.await();
  }
}
