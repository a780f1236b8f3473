package dev.apexbench.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Workload settings shared by the measuring commands (kept apart from the target-system ones). */
public final class MeasureOptions {
  @Option(
      names = "--profile",
      paramLabel = "smoke|quick|full",
      defaultValue = "quick",
      converter = Profile.Converter.class,
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

  void describeInto(RunRecorder rec) {
    rec.settings.put("profile", profile.label());
    rec.settings.put("queries", queries == null ? "*" : queries);
    rec.settings.put("threads", threads);
    var j = profile.jmh(threads);
    rec.settings.put("jmh_forks", j.forks());
    rec.settings.put("jmh_warmup", j.warmupIterations() + " x " + j.warmupTime().toMillis() + " ms");
    rec.settings.put("jmh_measurement", j.measurementIterations() + " x " + j.measurementTime().toMillis() + " ms");
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
