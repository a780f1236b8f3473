package dev.apexbench.reports.compare;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import dev.apexbench.reports.model.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baseline vs current run: per catalog query and per load endpoint, is it slower, faster, or the
 * same?
 *
 * <p><b>Method.</b> Both runs keep every latency in an HdrHistogram ({@code histogram_ns}). From
 * each histogram the comparison takes a deterministic sample of n = min(count, {@value
 * #MAX_SAMPLE}) values: the distribution's n-quantiles ({@link QuantileSample}). Two metrics are
 * judged per subject:
 *
 * <ul>
 *   <li>{@code p50_ms}: Mann–Whitney U test (commons-math3, two-sided, normal approximation) on the
 *       two samples, which asks whether one distribution is stochastically larger; it needs no
 *       normality, which latencies never have.
 *   <li>{@code p95_ms}: a percentile bootstrap of the ratio of the p95s; its p-value is how often
 *       the resampled ratio falls on the other side of 1 (doubled). The rank test says little
 *       about the tail, the bootstrap does.
 * </ul>
 *
 * For both, the confidence interval of the change (level 1 - alpha) comes from the same bootstrap
 * ({@link Bootstrap}, seeded by the subject's name, so the same inputs give the same report).
 *
 * <p><b>Decision.</b> A metric regressed when its test is significant (p &lt; alpha) AND it is
 * slower by more than {@code minEffectPct} and by more than {@code minEffectMs}; improved,
 * symmetrically; otherwise "no change".
 *
 * <p><b>Why two runs of the same build do not trip it.</b> Samples within one run are not
 * independent (same JVM, JIT state, GC cycles, data in cache), and machines drift between runs by
 * a few percent; a p-value, computed as if samples were independent, detects such differences
 * readily when samples are many. The cap on n keeps the test from calling microscopic
 * differences significant, and the minimum effect (default 10 %) is what keeps run-to-run noise
 * out: a change must be both real and large enough to matter.
 *
 * <p>Runs are compared only when they measured the same thing ({@link Comparability}): the same
 * dataset fingerprint, scale, seed, schema variant, profile and server settings.
 */
public final class Comparator {

  /** Cap on the per-run sample size given to the test and the bootstrap. */
  public static final int MAX_SAMPLE = 2000;

  private Comparator() {}

  /**
   * @throws CompareException the runs are not comparable and {@code options.force()} is false;
   *     one line listing what differs
   */
  public static Comparison compare(Results baseline, Results current, CompareOptions options) {
    List<String> mismatches = Comparability.mismatches(baseline, current);
    if (!mismatches.isEmpty() && !options.force()) {
      throw new CompareException("runs differ in: " + String.join(", ", mismatches) + "; pass --force to compare anyway");
    }
    Map<String, Subject> base = Subject.all(baseline);
    Map<String, Subject> cur = Subject.all(current);
    List<MetricChange> metrics = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    SubjectComparison judge = new SubjectComparison(options);
    for (Subject c : cur.values()) {
      Subject b = base.get(c.name());
      if (b == null) {
        notes.add(c.name() + ": only in the current run, not compared");
        continue;
      }
      metrics.addAll(judge.compare(b, c, notes));
    }
    base.keySet().stream().filter(k -> !cur.containsKey(k))
        .forEach(k -> notes.add(k + ": only in the baseline run, not compared"));
    harnessNote(baseline, current).ifPresent(notes::add);
    return new Comparison(id(baseline), id(current), options.minEffectPct(), options.minEffectMs(), options.alpha(), options.force(),
        List.copyOf(mismatches), List.copyOf(metrics), verdict(metrics), List.copyOf(notes));
  }

  static String verdict(List<MetricChange> metrics) {
    if (metrics.stream().anyMatch(m -> Comparison.REGRESSION.equals(m.verdict()))) {
      return Comparison.REGRESSION;
    }
    if (metrics.stream().anyMatch(m -> Comparison.IMPROVEMENT.equals(m.verdict()))) {
      return Comparison.IMPROVEMENT;
    }
    return Comparison.NO_CHANGE;
  }

  /** How the harness's own SELECT 1 moved: a hint that the machine, not the code, changed. */
  private static java.util.Optional<String> harnessNote(Results b, Results c) {
    if (b.harnessBaseline() == null || c.harnessBaseline() == null
        || b.harnessBaseline().p50Ms() == null || c.harnessBaseline().p50Ms() == null || b.harnessBaseline().p50Ms() <= 0) {
      return java.util.Optional.empty();
    }
    double pb = b.harnessBaseline().p50Ms();
    double pc = c.harnessBaseline().p50Ms();
    return java.util.Optional.of("harness baseline (SELECT 1) p50: " + Fmt.ms(pb) + " -> " + Fmt.ms(pc)
        + " (" + Fmt.change((pc / pb - 1) * 100) + "); a large move here means the machine changed");
  }

  private static String id(Results r) {
    return r.run() == null ? null : r.run().id();
  }

  /** Keeps the insertion order of a subject map. */
  static <V> Map<String, V> ordered() {
    return new LinkedHashMap<>();
  }
}
