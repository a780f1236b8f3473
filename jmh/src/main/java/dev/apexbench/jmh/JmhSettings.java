package dev.apexbench.jmh;

import java.time.Duration;

/**
 * How long and how often to measure. {@code forks = 0} runs the benchmarks inside the calling JVM
 * (only for the smoke profile: fast, but JIT state is shared between benchmarks).
 */
public record JmhSettings(
    int forks,
    int warmupIterations,
    Duration warmupTime,
    int measurementIterations,
    Duration measurementTime,
    int threads,
    String maxHeap,
    /** Options passed straight to JMH ({@code --jmh-args}): profilers and JVM arguments. */
    java.util.List<String> extraArgs) {

  public JmhSettings(int forks, int warmupIterations, Duration warmupTime, int measurementIterations, Duration measurementTime,
      int threads, String maxHeap) {
    this(forks, warmupIterations, warmupTime, measurementIterations, measurementTime, threads, maxHeap, java.util.List.of());
  }

  public JmhSettings withExtraArgs(java.util.List<String> args) {
    return new JmhSettings(forks, warmupIterations, warmupTime, measurementIterations, measurementTime, threads, maxHeap,
        java.util.List.copyOf(args));
  }

  /**
   * The JMH options {@code --jmh-args} may set: profilers and the forks' JVM. Everything else
   * (iterations, times, forks, threads, modes, includes, parameters, result files) belongs to the
   * profile and the harness, which compare runs by them.
   */
  public static final java.util.List<String> ALLOWED_ARGS =
      java.util.List.of("-prof", "-jvm", "-jvmArgs", "-jvmArgsAppend", "-jvmArgsPrepend", "-gc", "-v");

  /**
   * Checks {@code --jmh-args} (already split into words): only {@link #ALLOWED_ARGS}, in JMH's own
   * syntax. Returns a problem in one line, or null.
   */
  public static String checkExtraArgs(java.util.List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("-") && !ALLOWED_ARGS.contains(a)) {
        return "'" + a + "' is not passed to JMH (allowed: " + String.join(", ", ALLOWED_ARGS)
            + "; iterations, forks and threads come from --profile and --threads)";
      }
      if (a.startsWith("-") && !a.equals("-gc") && (i + 1 >= args.size())) {
        return "'" + a + "' needs a value";
      }
      if (a.startsWith("-")) {
        i++; // its value, which may itself start with '-' (-jvmArgs "-Xmx1g")
      } else {
        return "'" + a + "' is not an option (allowed: " + String.join(", ", ALLOWED_ARGS) + " with their values)";
      }
    }
    try {
      new org.openjdk.jmh.runner.options.CommandLineOptions(args.toArray(new String[0]));
    } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
      return "JMH refuses it: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
    return null;
  }

  /** Rough wall time, for progress messages: per benchmark, JVM start + warm-up + measurement. */
  public Duration estimate(int benchmarks) {
    long perFork = warmupTime.toMillis() * warmupIterations + measurementTime.toMillis() * measurementIterations + (forks > 0 ? 1500 : 300);
    return Duration.ofMillis(perFork * Math.max(1, forks) * benchmarks);
  }
}
