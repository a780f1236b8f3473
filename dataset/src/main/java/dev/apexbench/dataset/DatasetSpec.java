package dev.apexbench.dataset;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How much data and which random stream. Scale 1 is the report's load test: 10,000 projects,
 * 10,000 payloads and 30,000 events; every count grows linearly with the scale.
 */
public record DatasetSpec(BigDecimal scale, long seed) {
  /** A scale or seed that cannot make a dataset; the message names the setting, the value and what is allowed. */
  public static final class InvalidSpec extends IllegalArgumentException {
    public InvalidSpec(String message) {
      super(message);
    }
  }

  /**
   * Write journeys (and anything else the harness writes at run time) use tenants from here up,
   * far above the seeded ones ({@code 200 x scale}), and delete what they create.
   */
  public static final long LOAD_TEST_ACCOUNTS_FROM = 1_000_000_000L;

  public static final long PROJECTS_AT_SCALE_1 = 10_000;
  public static final long EVENTS_PER_PROJECT = 3;
  /** Tenants at scale 1; project counts per tenant follow a Zipf law. */
  public static final long ACCOUNTS_AT_SCALE_1 = 200;

  public static final BigDecimal MIN_SCALE = new BigDecimal("0.001");
  public static final BigDecimal MAX_SCALE = new BigDecimal("10000");
  public static final long DEFAULT_SEED = 42;

  public DatasetSpec {
    if (scale.compareTo(MIN_SCALE) < 0 || scale.compareTo(MAX_SCALE) > 0) {
      throw new InvalidSpec(
          "--scale: '"
              + scale.stripTrailingZeros().toPlainString()
              + "' is out of range (allowed: a number from 0.001 to 10000; 1 = 10,000 projects)");
    }
  }

  /** Parses a user-supplied scale, rejecting non-numeric and non-positive values. */
  public static BigDecimal parseScale(String text) {
    BigDecimal v;
    try {
      v = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidSpec(
          "--scale: '" + text + "' is not a number (allowed: a positive number such as 0.1, 1, 10, 100)");
    }
    if (v.signum() <= 0) {
      throw new InvalidSpec(
          "--scale: '" + text + "' is not positive (allowed: a positive number such as 0.1, 1, 10, 100)");
    }
    return v;
  }

  public long projects() {
    return scale.multiply(BigDecimal.valueOf(PROJECTS_AT_SCALE_1)).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  public long payloads() {
    return projects();
  }

  public long events() {
    return projects() * EVENTS_PER_PROJECT;
  }

  public long totalRows() {
    return projects() + payloads() + events();
  }

  public int accounts() {
    long a = scale.multiply(BigDecimal.valueOf(ACCOUNTS_AT_SCALE_1)).setScale(0, RoundingMode.HALF_UP).longValue();
    return (int) Math.max(1, Math.min(a, Integer.MAX_VALUE));
  }

  public String scaleText() {
    return scale.stripTrailingZeros().toPlainString();
  }
}
