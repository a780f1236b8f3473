package dev.apexbench.reports.targets;

import java.util.Map;

/**
 * What a limit measures, and so which units fit it. Limits are stored in the canonical unit (the
 * first one) whatever unit the file used.
 */
public enum Quantity {
  /** Latency; canonical unit ms. */
  LATENCY(Map.of("ms", 1.0, "s", 1000.0, "us", 0.001), "ms"),
  /** A ratio written in percent, 0..100. */
  PERCENT(Map.of("%", 1.0), "%"),
  /** Requests per second. */
  RATE(Map.of("rps", 1.0), "rps"),
  /** A duration (recovery objectives); canonical unit s. */
  DURATION(Map.of("s", 1.0, "min", 60.0, "h", 3600.0), "s"),
  /** Shared buffer blocks (8 kB pages) per execution: a work counter. */
  BLOCKS(Map.of("blocks", 1.0, "block", 1.0), "blocks");

  private final Map<String, Double> toCanonical;
  private final String canonical;

  Quantity(Map<String, Double> toCanonical, String canonical) {
    this.toCanonical = toCanonical;
    this.canonical = canonical;
  }

  public String canonicalUnit() {
    return canonical;
  }

  /** The factor that turns a value in {@code unit} into the canonical unit, or null if it does not fit. */
  Double factor(String unit) {
    return toCanonical.get(unit);
  }

  String allowedUnits() {
    return switch (this) {
      case LATENCY -> "ms, s, us";
      case PERCENT -> "%";
      case RATE -> "rps";
      case DURATION -> "s, min, h";
      case BLOCKS -> "blocks";
    };
  }

  static boolean isKnownUnit(String unit) {
    for (Quantity q : values()) {
      if (q.factor(unit) != null) {
        return true;
      }
    }
    return false;
  }
}
