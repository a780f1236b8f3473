package dev.apexbench.reports.calibrate;

import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Calibration.MetricSpread;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import dev.apexbench.reports.model.Results;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The runner's noise from K runs of one build on one dataset (null runs): every pair compared with
 * today's settings, each metric's spread between runs, and what follows from it.
 *
 * <p><b>Spread.</b> Per metric, the whole-run value of each run (p50 or p95, or a work counter):
 * the between-run coefficient of variation CV = s / mean, which no test within one run can see
 * (each run's units share its moment of the machine). Few runs underestimate it, so the
 * recommendations use its one-sided 90 % upper bound, CV_u = CV sqrt((K - 1) / chi2_0.10(K - 1)).
 *
 * <p><b>Recommended minimum effect.</b> Between two runs, one metric's relative change has a
 * standard deviation of about sqrt(2) CV. For the gate to raise a false alarm on any of its M
 * latency metrics with probability at most the target a (per comparison), each metric's minimum
 * effect is z(1 - a / M) sqrt(2) CV_u (Bonferroni over the metrics, one-sided: only slowdowns fail
 * the gate). Work counters get the same rule as their tolerance, never below the default (2 %).
 *
 * <p><b>Detectable change.</b> A slowdown d is flagged with 80 % power when d exceeds the minimum
 * effect by z(0.8) sqrt(2) CV_u: d = (z(1 - a / M) + z(0.8)) sqrt(2) CV_u; and never below what the
 * metric's units within a run let the rank test see (the median over the pairs of bench compare's
 * "can see" figure).
 *
 * <p><b>False alarms.</b> Observed over every pair, at today's settings (the global minimum
 * effects). Pairs that share a run are not independent, so the 95 % upper bound (Clopper-Pearson,
 * one-sided) counts only disjoint pairs (runs 1-2, 3-4, ...): K runs give K / 2 independent
 * comparisons. Stored runs of the same build from earlier calibrations join the current ones: every
 * estimate then rests on all S stored runs (S(S - 1) / 2 pairs, S / 2 independent).
 */
public final class Calibrator {
  private Calibrator() {}

  /** The latency metrics bench compare tests; the rest are error rates and work counters. */
  static final Set<String> LATENCY = Set.of("p50_ms", "p95_ms");
  /** The work counters with a tolerance (the plan signature has none: any change counts). */
  static boolean isTolerated(String metric) {
    return Comparison.isWork(metric) && !metric.equals("plan_signature");
  }
  static final double POWER_Z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.8);

  /**
   * @param runs the null runs, all of one build and one comparability key (at least 2)
   * @param defaults today's settings (the global minimum effects): what the false alarms are counted with
   * @param falseAlarmTargetPct the gate-level false-alarm rate to aim at, per comparison, %
   */
  public static Calibration calibrate(List<Results> runs, CompareOptions defaults, double falseAlarmTargetPct) {
    CompareOptions testAlone = new CompareOptions(0, 0, defaults.alpha(), false);
    if (runs.size() < 2) {
      throw new IllegalArgumentException("a calibration needs at least 2 runs, got " + runs.size());
    }
    int k = runs.size();
    // per metric: the value in each run, and the verdicts of every pair
    Map<String, double[]> values = new LinkedHashMap<>();
    Map<String, String[]> ids = new LinkedHashMap<>();
    Map<String, int[]> alarms = new LinkedHashMap<>(); // {all pairs, disjoint pairs}
    Map<String, List<Double>> canSee = new LinkedHashMap<>();
    Map<String, Integer> pairsSeen = new LinkedHashMap<>();
    int pairs = 0;
    int flagged = 0;
    int disjoint = 0;
    int disjointFlagged = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        boolean independent = i % 2 == 0 && j == i + 1;
        Comparison c = Comparator.compare(runs.get(i), runs.get(j), defaults);
        // what the units within a run let the rank test see, with no minimum effect in the way
        Map<String, Double> alone = new java.util.HashMap<>();
        for (MetricChange m : Comparator.compare(runs.get(i), runs.get(j), testAlone).metrics()) {
          alone.put(m.subject() + "\u0000" + m.metric(), m.pValue() == null ? null
              : m.detectablePct() == null ? Double.POSITIVE_INFINITY : m.detectablePct());
        }
        pairs++;
        boolean gateFailed = Comparison.REGRESSION.equals(c.verdict());
        flagged += gateFailed ? 1 : 0;
        if (independent) {
          disjoint++;
          disjointFlagged += gateFailed ? 1 : 0;
        }
        for (MetricChange m : c.metrics()) {
          if (m.metric().equals("missing")) {
            continue;
          }
          String key = m.subject() + "\u0000" + m.metric();
          double[] v = values.computeIfAbsent(key, x -> filled(k));
          v[i] = m.baseline();
          v[j] = m.current();
          ids.putIfAbsent(key, new String[] {m.subject(), m.metric()});
          pairsSeen.merge(key, 1, Integer::sum);
          boolean alarm = !Comparison.NO_CHANGE.equals(m.verdict());
          int[] a = alarms.computeIfAbsent(key, x -> new int[3]);
          a[0] += alarm ? 1 : 0;
          a[1] += alarm && independent ? 1 : 0;
          a[2] += independent ? 1 : 0; // the disjoint pairs this metric was compared in
          Double seen = alone.get(key);
          if (seen != null) {
            canSee.computeIfAbsent(key, x -> new ArrayList<>()).add(seen); // infinite: it could see nothing
          }
        }
      }
    }
    // every metric the gate can fail on shares the false-alarm budget: latencies and work counters
    long gated = ids.values().stream().filter(x -> LATENCY.contains(x[1]) || isTolerated(x[1])).count();
    double zAlarm = NormalDistribution.of(0, 1).inverseCumulativeProbability(1 - falseAlarmTargetPct / 100 / Math.max(1, gated));
    List<MetricSpread> metrics = new ArrayList<>();
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      String[] id = ids.get(e.getKey());
      double[] v = Arrays.stream(e.getValue()).filter(Double::isFinite).toArray();
      String kind = LATENCY.contains(id[1]) ? "latency" : isTolerated(id[1]) ? "work" : id[1].equals("plan_signature") ? "plan" : "error rate";
      double mean = Arrays.stream(v).average().orElse(0);
      double sd = sd(v);
      double cv = mean > 0 ? sd / mean : 0;
      double cvUpper = mean > 0 ? upperSd(sd, v.length) / mean : 0;
      int[] a = alarms.get(e.getKey());
      int disjointSeen = a[2];
      Double within = median(canSee.get(e.getKey()));
      Double recommended = null;
      Double floor = null;
      Double detectable = null;
      if (kind.equals("latency")) {
        recommended = 100 * zAlarm * Math.sqrt(2) * cvUpper;
        floor = 0.0;
        double between = 100 * (zAlarm + POWER_Z) * Math.sqrt(2) * cvUpper;
        detectable = within == null || within.isInfinite() ? null : Math.max(between, Math.max(within, recommended));
      } else if (kind.equals("work")) {
        // never below the counter's default: a few quiet runs must not narrow what the documented A/A spread needs
        double dflt = id[1].equals("blocks_per_request") || id[1].equals("blocks_per_call") ? Math.max(defaults.workTolerancePct(), CompareOptions.DEFAULT_PLAN_CACHE_TOLERANCE_PCT)
            : defaults.workTolerancePct();
        recommended = Math.max(dflt, 100 * zAlarm * Math.sqrt(2) * cvUpper);
        floor = 0.5;
      }
      metrics.add(new MetricSpread(id[0], id[1], kind, v.length, round(mean, 4), round(100 * cv, 3), round(100 * cvUpper, 3), a[0],
          pairsSeen.get(e.getKey()), round(100 * clopperPearsonUpper(a[1], disjointSeen), 2), within == null || within.isInfinite() ? null
              : round(within, 2), detectable == null ? null : round(detectable, 2), recommended == null ? null : round(recommended, 2),
          floor));
    }
    // the gate's false alarms again, with the recommended minimum effects (in-sample: the same runs set them, so optimistic)
    Map<String, dev.apexbench.reports.compare.MinEffects.Effect> rec = new LinkedHashMap<>();
    for (MetricSpread m : metrics) {
      if (m.recommendedMinEffectPct() != null) {
        rec.put(dev.apexbench.reports.compare.MinEffects.key(m.subject(), m.metric()), new dev.apexbench.reports.compare.MinEffects.Effect(
            m.recommendedMinEffectPct(), m.recommendedMinEffectMs() == null ? 0 : m.recommendedMinEffectMs(), "recommended"));
      }
    }
    CompareOptions recommendedOptions = defaults.withCalibration(new dev.apexbench.reports.compare.MinEffects("recommended", null, rec));
    int flaggedRec = 0;
    int disjointFlaggedRec = 0;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        boolean failed = Comparison.REGRESSION.equals(Comparator.compare(runs.get(i), runs.get(j), recommendedOptions).verdict());
        flaggedRec += failed ? 1 : 0;
        disjointFlaggedRec += failed && i % 2 == 0 && j == i + 1 ? 1 : 0;
      }
    }
    Results first = runs.get(0);
    List<String> runIds = runs.stream().map(r -> r.run() == null ? null : r.run().id()).toList();
    List<String> notes = new ArrayList<>();
    notes.add("false alarms counted with today's settings (minimum effect " + defaults.minEffectPct() + " % and " + defaults.minEffectMs()
        + " ms, alpha " + defaults.alpha() + ", work tolerance " + defaults.workTolerancePct() + " %); bounds from " + disjoint
        + " disjoint pairs of " + pairs);
    notes.add("recommended minimum effect = z(1 - " + falseAlarmTargetPct + " % / " + gated + " gated metrics) x sqrt(2) x the between-run"
        + " CV's 90 % upper bound; z = " + round(zAlarm, 3) + "; work tolerances never below their defaults (2 %, 50 % for blocks per"
        + " call and per request)");
    notes.add("the runs of one calibration are made back to back on one machine: a baseline from another day or host of the same kind"
        + " may drift further than they do");
    return new Calibration(Calibration.SCHEMA_VERSION, Instant.now().toString(), first.run() == null ? null : first.run().profile(),
        Comparator.comparabilityKey(first), first.run() == null ? null : first.run().gitCommit(), first.run(), first.datagen(),
        first.database() == null ? null : first.database().prewarmed(), runIds, k, pairs, disjoint, falseAlarmTargetPct,
        new Calibration.GateAlarms(flagged, pairs, disjointFlagged, disjoint, round(100 * clopperPearsonUpper(disjointFlagged, disjoint), 2),
            flaggedRec, disjointFlaggedRec, round(100 * clopperPearsonUpper(disjointFlaggedRec, disjoint), 2)),
        metrics, null, null, null, notes);
  }

  /**
   * One line for people: what the profile detects on this runner with the recommended minimum
   * effects (the worst JSONB query's p95, the worst lookup's p95, the worst load group's p95) and the
   * gate's false-alarm bound with them, e.g. "... detects >= 12 % on JSONB p95s, ...; false alarms
   * with them 0 of 28 pairs, not yet bounded below 1 in 2 (95 % bound 52.71 % from 4 independent
   * pairs ...)". A bound of 1 in N needs about 3N independent pairs without an alarm.
   */
  public static String summary(Calibration c) {
    String jsonb = worst(c, m -> m.subject().startsWith("jsonb.") && m.metric().equals("p95_ms"), false);
    String lookups = worst(c, m -> m.subject().startsWith("simple.") && m.metric().equals("p95_ms"), true);
    String groups = worst(c, m -> m.subject().startsWith("load ") && java.util.List.of("simple", "composite", "aggregation", "jsonb", "write")
        .contains(m.subject().substring(5)) && m.metric().equals("p95_ms"), false);
    double upper = c.gate().upper95AtRecommendedPct() == null ? c.gate().upper95Pct() : c.gate().upper95AtRecommendedPct();
    int flaggedAtRec = c.gate().flaggedAtRecommended() == null ? c.gate().flagged() : c.gate().flaggedAtRecommended();
    String alarms = upper >= 50
        ? "false alarms with them " + flaggedAtRec + " of " + c.gate().pairs() + " pairs (today's settings: " + c.gate().flagged()
            + "), not yet bounded below 1 in 2 (95 % bound " + dev.apexbench.reports.Fmt.num(upper) + " % from " + c.gate().disjointPairs()
            + " independent pairs; more runs narrow it)"
        : "false alarms with them <= 1 in " + (int) Math.floor(100 / upper) + " comparisons (95 % bound; " + flaggedAtRec + " of "
            + c.gate().pairs() + " pairs flagged; today's settings: " + c.gate().flagged() + ")";
    return "on this runner the " + c.profile() + " profile, with the recommended minimum effects, detects " + jsonb + " on JSONB p95s, "
        + lookups + " on lookup p95s and " + groups + " on load group p95s; " + alarms + "; " + c.runs() + " runs";
  }

  /**
   * The largest detectable change among the metrics that can see one, as ">= 12 %" (with its ms when
   * asked), and how many see nothing at all; "nothing" when none can.
   */
  private static String worst(Calibration c, java.util.function.Predicate<MetricSpread> which, boolean withMs) {
    List<MetricSpread> ms = c.metrics().stream().filter(which).toList();
    if (ms.isEmpty()) {
      return "(not measured)";
    }
    List<MetricSpread> seeing = ms.stream().filter(m -> m.detectablePct() != null).toList();
    if (seeing.isEmpty()) {
      return "nothing";
    }
    MetricSpread w = seeing.stream().max(java.util.Comparator.comparingDouble(MetricSpread::detectablePct)).orElseThrow();
    String blind = seeing.size() == ms.size() ? "" : " (" + (ms.size() - seeing.size()) + " of " + ms.size() + " see nothing)";
    return ">= " + dev.apexbench.reports.Fmt.num(w.detectablePct()) + " %" + (withMs ? " (" + dev.apexbench.reports.Fmt.ms(
        w.detectablePct() / 100 * w.mean()) + ")" : "") + blind;
  }

  /** The one-sided 95 % Clopper-Pearson upper bound on a rate with x events in n trials (1 when n is 0). */
  public static double clopperPearsonUpper(int x, int n) {
    if (n <= 0 || x >= n) {
      return 1;
    }
    return BetaDistribution.of(x + 1, n - x).inverseCumulativeProbability(0.95);
  }

  /** The one-sided 90 % upper confidence bound of a standard deviation from n values (chi-squared). */
  static double upperSd(double sd, int n) {
    if (n < 2) {
      return sd;
    }
    double chi = ChiSquaredDistribution.of(n - 1).inverseCumulativeProbability(0.10);
    return sd * Math.sqrt((n - 1) / chi);
  }

  static double sd(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = Arrays.stream(v).average().orElse(0);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
  }

  private static Double median(List<Double> v) {
    if (v == null || v.isEmpty()) {
      return null;
    }
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double[] filled(int k) {
    double[] d = new double[k];
    Arrays.fill(d, Double.NaN);
    return d;
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
