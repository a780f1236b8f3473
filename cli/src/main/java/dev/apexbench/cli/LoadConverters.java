package dev.apexbench.cli;

import dev.apexbench.harness.distributed.InjectorSlot;
import dev.apexbench.harness.load.Simulation;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The load options' values, each checked where it is parsed: one line naming what is allowed. */
final class LoadConverters {
  private LoadConverters() {}

  static final class ConnectionsConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      try {
        int n = Integer.parseInt(v.trim());
        if (n >= 1 && n <= 256) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: 1 to 256)");
    }
  }

  static final class InjectorConverter implements ITypeConverter<InjectorSlot> {
    private static final Pattern P = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    @Override
    public InjectorSlot convert(String v) {
      Matcher m = P.matcher(v.trim());
      if (m.matches()) {
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n >= 1 && n <= 1000 && k < n) {
          return new InjectorSlot(k, n);
        }
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: K/N with 0 <= K < N <= 1000, e.g. 0/3)");
    }
  }

  static final class InjectorsConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      try {
        int n = Integer.parseInt(v.trim());
        if (n >= 2 && n <= 16) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: 2 to 16 injectors)");
    }
  }

  static final class InstantConverter implements ITypeConverter<java.time.Instant> {
    @Override
    public java.time.Instant convert(String v) {
      try {
        return java.time.OffsetDateTime.parse(v.trim()).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new TypeConversionException("'" + v + "' is not allowed (allowed: an ISO 8601 instant with its offset, e.g."
            + " 2026-12-01T10:00:00Z)");
      }
    }
  }

  static final class PoolSizeConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      try {
        int n = Integer.parseInt(v.trim());
        if (n >= 1 && n <= 90) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: 1 to 90 connections; the server allows 100)");
    }
  }

  static final class SimulationConverter implements ITypeConverter<Simulation> {
    @Override
    public Simulation convert(String v) {
      for (Simulation s : Simulation.values()) {
        if (s.label.equals(v)) {
          return s;
        }
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: full, read, write, sweep, point)");
    }
  }

  static final class RateConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String v) {
      try {
        double r = Double.parseDouble(v.trim());
        if (r > 0 && r <= 10_000) {
          return r;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: users per second, more than 0 and at most 10000)");
    }
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern P = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(String v) {
      Matcher m = P.matcher(v.trim());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
        if (d.toSeconds() >= 1 && d.toHours() <= 24) {
          return d;
        }
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: 1s to 24h, e.g. 30s, 2m; a plain number is seconds)");
    }
  }

  static final class UrlConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String v) {
      try {
        URI u = URI.create(v.trim().replaceAll("/+$", ""));
        if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
          return u;
        }
      } catch (IllegalArgumentException e) {
        // fall through
      }
      throw new TypeConversionException("'" + v + "' is not allowed (allowed: an http:// or https:// base URL such as http://127.0.0.1:8080)");
    }
  }
}
