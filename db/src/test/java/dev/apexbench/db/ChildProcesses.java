package dev.apexbench.db;

import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child processes that tests interrupt with SIGINT or SIGTERM. A build started in
 * the background of a non-interactive shell (`cmd &`, nohup, some CI runners) inherits SIGINT as
 * ignored, and a JVM that starts with SIGINT ignored installs no handler for it: the signal would
 * then do nothing and the test would wrongly fail. {@code env --default-signal} (coreutils 8.31+)
 * gives the child the default disposition back.
 */
public final class ChildProcesses {
  private static final boolean RESETTABLE = probe();

  private ChildProcesses() {}

  public static List<String> interruptible(List<String> command) {
    if (!RESETTABLE) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
    out.addAll(command);
    return out;
  }

  private static boolean probe() {
    try {
      return new ProcessBuilder("env", "--default-signal=INT,TERM", "true").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
