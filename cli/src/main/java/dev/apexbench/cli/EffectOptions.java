package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.reports.compare.CompareOptions;
import picocli.CommandLine.Option;

/** What a comparison counts as a change: minimum effects and whether runs measured differently are compared anyway. */
public final class EffectOptions {
  @Option(names = "--min-effect", paramLabel = "PCT", defaultValue = "15",
      description = "The smallest change that counts, in percent (run-to-run drift of one build on a shared machine reaches 10 %%)."
          + " Default: ${DEFAULT-VALUE}.")
  double minEffect;

  @Option(names = "--min-effect-ms", paramLabel = "MS", defaultValue = "0.1",
      description = "The smallest absolute change that counts, in milliseconds (sub-millisecond tails move by tens of microseconds between"
          + " runs of the same build). Default: ${DEFAULT-VALUE}.")
  double minEffectMs;

  @Option(names = "--force", description = "Compare even if dataset, scale, profile, server settings or machine differ.")
  boolean force;

  /** The comparison's settings at significance level {@code alpha}, checked: one line naming the option, the value and what is allowed. */
  CompareOptions options(double alpha) {
    if (!(minEffect >= 0 && minEffect <= 1000)) {
      throw BenchException.usage("--min-effect: '" + plain(minEffect) + "' is not allowed (allowed: 0 to 1000 percent)");
    }
    if (!(minEffectMs >= 0 && minEffectMs <= 60_000)) {
      throw BenchException.usage("--min-effect-ms: '" + plain(minEffectMs) + "' is not allowed (allowed: 0 to 60000 ms)");
    }
    if (!(alpha > 0 && alpha < 0.5)) {
      throw BenchException.usage("--alpha: '" + plain(alpha) + "' is not allowed (allowed: more than 0 and less than 0.5, e.g. 0.01)");
    }
    return new CompareOptions(minEffect, minEffectMs, alpha, force);
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
