package dev.apexbench.reports.targets;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one limit: {@code [statistic] op number unit}, for example {@code < 10 ms}, {@code p99 <
 * 80 ms}, {@code > 95 %}, {@code >= 20 rps}; or {@code none} for "no target here".
 */
final class LimitParser {

  private static final Pattern NUMBER_UNIT =
      Pattern.compile("([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\\s*(.*)");
  private static final String SHAPE = "\"<|<=|>|>= number unit\", e.g. \"< 10 ms\"";

  private final String file;

  LimitParser(String file) {
    this.file = file;
  }

  /**
   * @param where the key path, for messages ({@code queries.classes.simple})
   * @param quantity what the limit measures (decides the units that fit)
   * @param upperBound true when the limit must be {@code <}/{@code <=}, false for {@code >}/{@code >=}
   * @param statistics true when a latency statistic may lead the limit
   * @return the limit, or null for {@code none}
   */
  Limit parse(String text, int line, String where, Quantity quantity, boolean upperBound, boolean statistics) {
    String shape = statistics ? "\"[statistic] <|<= number unit\", e.g. \"< 10 ms\" or \"p99 < 80 ms\", or none" : SHAPE + ", or none";
    if (text == null || text.isBlank()) {
      throw fail(line, where + ": no limit given", shape);
    }
    String s = text.strip();
    if (s.equals("none")) {
      return null;
    }
    Statistic statistic = null;
    if (Character.isLetter(s.charAt(0))) {
      int end = 0;
      while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
        end++;
      }
      String word = s.substring(0, end);
      if (!statistics) {
        throw fail(line, where + ": \"" + s + "\" names a statistic, which does not apply here", SHAPE);
      }
      statistic = Statistic.parse(word);
      if (statistic == null) {
        throw fail(line, where + ": unknown statistic \"" + word + "\" in \"" + s + "\"", Statistic.allowed());
      }
      s = s.substring(end).strip();
    }
    Op op = Op.parsePrefix(s);
    if (op == null) {
      throw fail(line, where + ": \"" + text.strip() + "\" has no comparison", shape);
    }
    String allowedOps = upperBound ? "<, <=" : ">, >=";
    if (op.isUpperBound() != upperBound) {
      throw fail(line, where + ": \"" + text.strip() + "\" is " + (upperBound ? "a lower" : "an upper")
          + " bound, but this target is " + (upperBound ? "a maximum" : "a minimum"), allowedOps);
    }
    Matcher m = NUMBER_UNIT.matcher(s.substring(op.symbol().length()).strip());
    if (!m.matches()) {
      throw fail(line, where + ": \"" + text.strip() + "\" has no number after " + op.symbol(), shape);
    }
    double number = Double.parseDouble(m.group(1));
    String unit = m.group(2).strip().toLowerCase(Locale.ROOT);
    if (unit.isEmpty()) {
      throw fail(line, where + ": \"" + text.strip() + "\" has no unit", quantity.allowedUnits());
    }
    Double factor = quantity.factor(unit);
    if (factor == null) {
      String problem = Quantity.isKnownUnit(unit)
          ? "unit \"" + unit + "\" does not fit " + describe(quantity)
          : "unknown unit \"" + unit + "\"";
      throw fail(line, where + ": " + problem + " in \"" + text.strip() + "\"", quantity.allowedUnits());
    }
    if (!Double.isFinite(number) || number < 0) {
      throw fail(line, where + ": \"" + text.strip() + "\" is not a non-negative number", "0 or more");
    }
    if (quantity == Quantity.PERCENT && number > 100) {
      throw fail(line, where + ": \"" + text.strip() + "\" is more than 100 %", "0 % to 100 %");
    }
    return new Limit(statistic, op, number * factor, quantity.canonicalUnit(), line);
  }

  private static String describe(Quantity q) {
    return switch (q) {
      case LATENCY -> "a latency";
      case PERCENT -> "a rate in percent";
      case RATE -> "a request rate";
      case BLOCKS -> "a count of blocks";
      case DURATION -> "a duration";
    };
  }

  private TargetsException fail(int line, String problem, String allowed) {
    return new TargetsException(file, line, problem, allowed);
  }
}
