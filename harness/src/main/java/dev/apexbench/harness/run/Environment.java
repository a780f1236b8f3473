package dev.apexbench.harness.run;

import dev.apexbench.reports.model.Machine;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Facts about the machine and the checkout that every result carries. */
public final class Environment {
  private Environment() {}

  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** This machine's host name, or null when it has none. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return null;
    }
  }

  public static Machine machine(double loadStart, double loadEnd) {
    long memory = 0;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    String host = hostName();
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memory,
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        host,
        loadStart < 0 ? null : loadStart,
        loadEnd < 0 ? null : loadEnd,
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.vm.vendor"),
        System.getProperty("java.version"));
  }

  /** The commit of the checkout, or null outside a git checkout. */
  public static String gitCommit(Path dir) {
    return git(dir, "rev-parse", "HEAD");
  }

  /** True when the checkout has uncommitted changes, null when unknown. */
  public static Boolean gitDirty(Path dir) {
    String s = git(dir, "status", "--porcelain", "--untracked-files=no");
    return s == null ? null : !s.isBlank();
  }

  private static String git(Path dir, String... args) {
    try {
      String[] cmd = new String[args.length + 3];
      cmd[0] = "git";
      cmd[1] = "-C";
      cmd[2] = dir.toString();
      System.arraycopy(args, 0, cmd, 3, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (Exception e) {
      return null;
    }
  }
}
