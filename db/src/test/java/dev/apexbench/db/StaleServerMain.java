package dev.apexbench.db;

import java.nio.file.Path;

/**
 * Child process for {@link EmbeddedServerLifecycleTest}: starts the embedded server in the given
 * home directory, prints READY, and waits to be killed.
 */
public final class StaleServerMain {
  public static void main(String[] args) throws Exception {
    EmbeddedServer s = EmbeddedServer.start(Path.of(args[0]), ServerSettings.forOwnedServer(), m -> {});
    System.out.println("READY " + s.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
