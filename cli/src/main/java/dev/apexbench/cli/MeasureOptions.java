package dev.apexbench.cli;

import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.run.Profile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Workload settings shared by the measuring commands (kept apart from the target-system ones). */
public final class MeasureOptions {
  @Option(
      names = "--profile",
      paramLabel = "smoke|quick|full",
      defaultValue = "quick",
      converter = ProfileConverter.class,
      description = "smoke: plumbing check, numbers indicative only; quick: a few minutes, fits CI; full: several forks, long iterations. Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Option(names = "--queries", paramLabel = "GLOB", description = "Catalog entries to measure, e.g. 'simple.*,jsonb.key_exists'. Default: all.")
  String queries;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      converter = ThreadsConverter.class,
      description = "Concurrent benchmark threads, one connection each: latency under contention. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--jmh-args",
      paramLabel = "\"ARGS\"",
      description = "Options passed straight to JMH, in JMH's syntax: profilers and the forks' JVM, e.g. \"-prof gc\","
          + " \"-prof stack\", \"-jvmArgsAppend -XX:+UseParallelGC\". Recorded in results.json (settings.jmh_args); runs with"
          + " different values are not compared without --force.")
  String jmhArgs;

  /** The JMH settings of the profile, with --jmh-args checked (one line, exit 2) and attached. */
  dev.apexbench.jmh.JmhSettings jmh() {
    dev.apexbench.jmh.JmhSettings j = profile.jmh(threads);
    if (jmhArgs == null || jmhArgs.isBlank()) {
      return j;
    }
    java.util.List<String> words = words(jmhArgs);
    String problem = dev.apexbench.jmh.JmhSettings.checkExtraArgs(words);
    if (problem != null) {
      throw dev.apexbench.db.BenchException.usage("--jmh-args: " + problem);
    }
    return j.withExtraArgs(words);
  }

  /** Splits like a shell: spaces separate words, single or double quotes keep them together. */
  static java.util.List<String> words(String s) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
      }
    }
    if (quote != 0) {
      throw dev.apexbench.db.BenchException.usage("--jmh-args: a quote is not closed in '" + s + "'");
    }
    if (any || cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  /** The measurement as the engine takes it (--jmh-args checked: one line, exit 2). */
  MeasureRequest request() {
    return new MeasureRequest(profile, queries, threads, jmh(), jmhArgs);
  }

  static final class ThreadsConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n;
      try {
        n = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number (allowed: 1 to 64)");
      }
      if (n < 1 || n > 64) {
        throw new TypeConversionException("'" + value + "' is not allowed (allowed: 1 to 64)");
      }
      return n;
    }
  }
}
