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
 * <p><b>The unit of comparison.</b> Individual latencies of one run are not independent draws:
 * they share the run's JVM, JIT state, cache contents and the machine's moment, and runs drift
 * against each other by a few percent. A test that treats thousands of samples as independent
 * calls such drift significant. So the test compares values that vary the way runs vary: per JMH
 * measurement iteration (queries) and per load interval (endpoints: the load window in twelve
 * intervals), the p50 and the p95 of each unit. The values shown are the whole-run p50 and p95 as
 * recorded (load in whole milliseconds, the recording's resolution).
 *
 * <p><b>Test.</b> A two-sided Mann-Whitney U test on the per-unit values (Apache Commons Statistics
 * {@code MannWhitneyUTest}: exact for small samples without ties, else the normal approximation
 * with tie and continuity correction; whole-millisecond load values tie often). Its p-values are
 * corrected with Holm's step-down procedure over every tested metric of the comparison, so the
 * chance of any false regression in one comparison stays at alpha, not alpha times the ~60 tests.
 *
 * <p><b>Decision.</b> A metric regressed when its Holm-adjusted p is below alpha AND it is slower
 * by more than {@code minEffectPct} and by more than {@code minEffectMs} (never less than the
 * recording's resolution: 1 ms for load endpoints); improved, symmetrically; otherwise "no change".
 * The minimum effects keep the drift between runs of one build out, which no test on a single
 * pair of runs can see. Each metric also states the smallest change it could have detected with
 * its samples, so "no change" is never read as "nothing changed".
 *
 * <p><b>Breakage.</b> A run that is broken is a regression, not "no change": a query or endpoint of
 * the baseline missing from the current run; an endpoint whose requests all failed, or whose error
 * rate rose significantly (Fisher's exact test on the counts, Holm-corrected with the rest, by more
 * than 1 percentage point); and a latency that fell while the endpoint's error rate rose is not an
 * improvement (quick 503s are not speed).
 *
 * <p>Runs are compared only when they measured the same thing ({@link Comparability}): the same
 * dataset fingerprint, scale, seed, schema variant, profile, server, settings and machine.
 */
public final class Comparator {

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
    List<String> notes = new ArrayList<>();
    SubjectComparison judge = new SubjectComparison(options);
    List<SubjectComparison.Pending> pending = new ArrayList<>();
    for (Subject c : cur.values()) {
      Subject b = base.get(c.name());
      if (b == null) {
        notes.add(c.name() + ": only in the current run, not compared");
        continue;
      }
      pending.addAll(judge.compare(b, c, notes));
    }
    double[] adjusted = holm(pending.stream().mapToDouble(m -> m.p() == null ? Double.NaN : m.p()).toArray());
    int tested = (int) pending.stream().filter(m -> m.p() != null).count();
    List<MetricChange> metrics = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      metrics.add(judge.decide(pending.get(i), Double.isNaN(adjusted[i]) ? null : adjusted[i], tested));
    }
    metrics.addAll(new WorkComparison(options).compare(baseline, current, notes));
    // a query or endpoint the current run lost (a failed phase, a route that stopped answering) is a regression, named
    base.values().stream().filter(b -> !cur.containsKey(b.name())).forEach(b -> metrics.add(SubjectComparison.missing(b)));
    harnessNote(baseline, current).ifPresent(notes::add);
    blindNote(metrics, tested, options.alpha()).ifPresent(notes::add);
    return new Comparison(id(baseline), id(current), options.minEffectPct(), options.minEffectMs(), options.alpha(), options.force(),
        List.copyOf(mismatches), List.copyOf(metrics), verdict(metrics), List.copyOf(notes));
  }

  /**
   * What differs between a baseline and a run that is about to be measured, as far as it can be
   * known before measuring (dataset identity, profile, the given workload settings, the machine):
   * so a run that could never be compared is refused before minutes of work. Empty when nothing
   * differs.
   */
  public static List<String> plannedMismatches(Results baseline, String profile, java.math.BigDecimal scale, long seed, String variant,
      Map<String, Object> settings, boolean prewarm, dev.apexbench.reports.model.Machine machine) {
    return Comparability.planned(baseline, profile, scale, seed, variant, settings, prewarm, machine);
  }

  /** What differs between two runs' identities (dataset, profile, server, machine, workload), one phrase each; empty when comparable. */
  public static List<String> mismatches(Results a, Results b) {
    return Comparability.mismatches(a, b);
  }

  /** What must be equal for runs to be compared without --force, as one key (equal keys: comparable). */
  public static String comparabilityKey(Results r) {
    return Comparability.key(r);
  }

  /**
   * Holm's step-down adjustment: with the m finite p-values sorted ascending, the i-th (from 0)
   * becomes max over j &lt;= i of min(1, (m - j) p_(j)). NaN (not tested) stays NaN and does not
   * count in m.
   */
  static double[] holm(double[] p) {
    Integer[] order = java.util.stream.IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
        .sorted(java.util.Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
    double[] out = new double[p.length];
    java.util.Arrays.fill(out, Double.NaN);
    int m = order.length;
    double running = 0;
    for (int k = 0; k < m; k++) {
      running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
      out[order[k]] = running;
    }
    return out;
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

  /**
   * Latency metrics whose rank test can never reach Holm's strictest level with the units these runs
   * have (ten JMH iterations give a smallest p of about 1.8e-4 once values tie; with about 90 tested
   * metrics the level is 1.1e-4): however large their change, they cannot be called a regression in
   * this comparison. Said once, so that "no change" on them is not read as "unchanged"; the work
   * counters still judge the queries.
   */
  static java.util.Optional<String> blindNote(List<MetricChange> metrics, int tested, double alpha) {
    List<String> blind = metrics.stream().filter(m -> m.metric().endsWith("_ms") && m.pValue() != null && m.detectableMs() == null)
        .map(MetricChange::subject).distinct().toList();
    if (blind.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(blind.size() + " subject(s) cannot show a latency regression in this comparison at all (their units are"
        + " too few to reach Holm's level " + String.format(java.util.Locale.ROOT, "%.2g", alpha / Math.max(1, tested)) + " over " + tested
        + " tested metrics; their \"can see\" says nothing), e.g. " + String.join(", ", blind.subList(0, Math.min(3, blind.size())))
        + "; their work counters are still judged");
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
