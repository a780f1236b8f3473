package dev.apexbench.reports;

import java.util.Locale;

/** Number formatting shared by every writer: few digits, the unit always written. */
public final class Fmt {

  private Fmt() {}

  /** A number with 3 significant digits for small values, fewer decimals for large ones. */
  public static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    String f;
    if (a == Math.rint(a) && a < 1e6) {
      f = "%.0f";
    } else if (a >= 100) {
      f = "%.0f";
    } else if (a >= 10) {
      f = "%.1f";
    } else if (a >= 1) {
      f = "%.2f";
    } else if (a >= 0.01) {
      f = "%.3f";
    } else {
      f = "%.4f";
    }
    return String.format(Locale.ROOT, f, v);
  }

  /** {@code 12.3 ms}, {@code 98.5 %}, {@code 250 rps}; "-" for null. */
  public static String withUnit(Double v, String unit) {
    if (v == null) {
      return "-";
    }
    if (unit == null || unit.isEmpty()) {
      return num(v);
    }
    if (unit.equals("%")) {
      return pct(v);
    }
    return num(v) + " " + unit;
  }

  public static String ms(Double v) {
    return withUnit(v, "ms");
  }

  /** A number as written, without padding zeros: 0.01, 10, 2.5. */
  public static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** A rate in percent with two decimals, so 98.99 % never reads as 99.0 %. */
  public static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f %%", v);
  }

  /** A signed percentage change: {@code +12.3 %}. */
  public static String change(Double pct) {
    if (pct == null) {
      return "-";
    }
    return (pct > 0 ? "+" : "") + num(pct) + " %";
  }

  /** A byte count in MiB or GiB. */
  public static String bytes(long b) {
    if (b >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.0f MiB", b / (double) (1L << 20));
  }
}
