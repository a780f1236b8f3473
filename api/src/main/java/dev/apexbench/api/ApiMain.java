package dev.apexbench.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the api as its own process (what {@code bench load} does, so that the load generator and
 * the system under test do not share a JVM, a heap or GC pauses). Arguments: JDBC URL, a
 * connection-properties file, port, pool size, acquire timeout (ms), statement timeout (ms).
 * Prints {@code LISTENING <port>} when ready; stops gracefully on SIGTERM or when stdin closes.
 */
public final class ApiMain {
  private ApiMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[1]))) {
      props.load(r);
    }
    ApiSettings s =
        ApiSettings.defaults()
            .withPort(Integer.parseInt(args[2]))
            .withPool(Integer.parseInt(args[3]), Long.parseLong(args[4]))
            .withStatementTimeout(Long.parseLong(args[5]));
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
