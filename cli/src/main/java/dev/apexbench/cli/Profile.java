package dev.apexbench.cli;

import dev.apexbench.jmh.JmhSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Named measurement profiles, one setting for every phase. smoke proves the plumbing (in-process
 * JMH, one short iteration: numbers are indicative only); quick is the default and fits a CI job
 * on 2 cores; full is for release decisions (several forks, long iterations).
 */
public enum Profile {
  SMOKE("smoke", new JmhSettings(0, 1, Duration.ofMillis(500), 1, Duration.ofSeconds(1), 1, "1g")),
  QUICK("quick", new JmhSettings(1, 2, Duration.ofSeconds(1), 3, Duration.ofSeconds(2), 1, "1g")),
  FULL("full", new JmhSettings(3, 3, Duration.ofSeconds(2), 5, Duration.ofSeconds(5), 1, "1g"));

  private final String label;
  private final JmhSettings jmh;

  Profile(String label, JmhSettings jmh) {
    this.label = label;
    this.jmh = jmh;
  }

  public String label() {
    return label;
  }

  JmhSettings jmh(int threads) {
    return new JmhSettings(
        jmh.forks(), jmh.warmupIterations(), jmh.warmupTime(), jmh.measurementIterations(), jmh.measurementTime(), threads, jmh.maxHeap());
  }

  static String labels() {
    return Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", "));
  }

  static final class Converter implements ITypeConverter<Profile> {
    @Override
    public Profile convert(String value) {
      return Arrays.stream(values())
          .filter(p -> p.label.equals(value))
          .findFirst()
          .orElseThrow(() -> new TypeConversionException("'" + value + "' is not allowed (allowed: " + labels() + ")"));
    }
  }
}
