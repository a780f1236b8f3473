package dev.apexbench.reports.targets;

/** The comparison of a limit. {@code <} is strict: an actual equal to the limit fails it. */
public enum Op {
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">=");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  /** True for {@code <} and {@code <=}: the limit is an upper bound. */
  public boolean isUpperBound() {
    return this == LT || this == LE;
  }

  public boolean test(double actual, double limit) {
    return switch (this) {
      case LT -> actual < limit;
      case LE -> actual <= limit;
      case GT -> actual > limit;
      case GE -> actual >= limit;
    };
  }

  /** The operator written as {@code symbol}, or null. Longest match first. */
  static Op parsePrefix(String s) {
    for (Op op : new Op[] {LE, GE, LT, GT}) {
      if (s.startsWith(op.symbol)) {
        return op;
      }
    }
    return null;
  }
}
