package dev.apexbench.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the harness version and the JVM it runs on. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Bench.class.getPackage().getImplementationVersion();
    return new String[] {
      "apex-bench " + (v == null ? "(development build)" : v),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
