package dev.apexbench.reports.compare;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Comparison.MetricChange;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Plan;
import dev.apexbench.reports.model.QueryResult;
import dev.apexbench.reports.model.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work counters compared between two runs: what the server did per call, which noise on the
 * machine does not move. No statistical test: on one dataset these are the same on every run
 * unless the plan, the data or the workload changed, so each has a rule.
 *
 * <ul>
 *   <li>{@value #PLAN_SIGNATURE} (per catalog query): the plan's shape under each plan-cache mode
 *       and parameter set of the plan guard, matched by mode and set. A changed shape is a
 *       regression unless the plan guard's blocks per execution fell by more than the tolerance
 *       (then an improvement: a new index that the planner took). Either way the changed checks
 *       are named with the indexes they lost and gained.
 *   <li>{@value #PLAN_BLOCKS} (per query): shared blocks per execution of the plan guard's
 *       explains on its fixed parameter sets, averaged over the matched checks: exact on one
 *       dataset.
 *   <li>{@value #BLOCKS_PER_CALL} (per query): shared blocks per execution over the JMH window
 *       (pg_stat_statements), the workload's own parameter mix.
 *   <li>{@value #STATEMENTS_PER_REQUEST} and {@value #BLOCKS_PER_REQUEST} (per load endpoint and
 *       the total): what one request cost the server over the load window; they catch an N+1 and
 *       a lost index at any load level.
 * </ul>
 *
 * A counter is a regression when it rose by more than its tolerance and by more than {@value
 * #MIN_BLOCKS} block (or statement), an improvement when it fell by as much. The tolerance is {@link
 * CompareOptions#workTolerancePct} (2 %) for the plan guard's blocks and the statements per request,
 * and {@value #PLAN_CACHE_TOLERANCE_PCT} % for the blocks over a workload (a query's blocks per call
 * over the JMH window, an endpoint's blocks per request over the load window); for blocks per call,
 * at least as much as the baseline's plan-guard checks read apart (custom against generic plans,
 * one parameter set against another), since the workload's average can fall anywhere between them. Those run as prepared
 * statements, and PostgreSQL decides per connection, after five executions, whether to keep custom
 * plans or switch to a generic one, which reads a different number of blocks: over 4 smoke runs of
 * one build on one dataset {@code composite.active_dashboard}'s blocks per call moved with a CV of
 * 80 % and the dashboard endpoint's blocks per request by up to 33 %, while the plan guard's blocks
 * (both plan-cache modes, forced) stayed exact. A lost index multiplies them by ten or more. A
 * calibration ({@code bench calibrate}) replaces the defaults with the spread it measured.
 */
final class WorkComparison {
  static final String PLAN_SIGNATURE = "plan_signature";
  static final String PLAN_BLOCKS = "plan_blocks_per_execution";
  static final String BLOCKS_PER_CALL = "blocks_per_call";
  static final String STATEMENTS_PER_REQUEST = "statements_per_request";
  static final String BLOCKS_PER_REQUEST = "blocks_per_request";
  /** A change of less than this many blocks (or statements) per call is not a change, whatever its ratio. */
  static final double MIN_BLOCKS = 0.5;
  /** The default tolerance of blocks per call (JMH window) and per request (load window), %. */
  static final double PLAN_CACHE_TOLERANCE_PCT = CompareOptions.DEFAULT_PLAN_CACHE_TOLERANCE_PCT;

  private final CompareOptions options;

  WorkComparison(CompareOptions options) {
    this.options = options;
  }

  /** The tolerance of one counter: the calibration's where it has one, else the default. */
  private MinEffects.Effect tolerance(String subject, String metric) {
    MinEffects.Effect e = options.calibrated() == null ? null : options.calibrated().effects().get(MinEffects.key(subject, metric));
    if (e != null) {
      return e;
    }
    double pct = BLOCKS_PER_REQUEST.equals(metric) || BLOCKS_PER_CALL.equals(metric)
        ? Math.max(options.workTolerancePct(), PLAN_CACHE_TOLERANCE_PCT) : options.workTolerancePct();
    return new MinEffects.Effect(pct, MIN_BLOCKS, "--work-tolerance");
  }

  List<MetricChange> compare(Results baseline, Results current) {
    return compare(baseline, current, new ArrayList<>());
  }

  /** As {@link #compare(Results, Results)}; {@code notes} gets a line for each subject whose counters the current run lost. */
  List<MetricChange> compare(Results baseline, Results current, List<String> notes) {
    List<MetricChange> out = new ArrayList<>();
    Map<String, QueryResult> base = queries(baseline);
    for (QueryResult c : queries(current).values()) {
      QueryResult b = base.get(c.name());
      if (b == null) {
        continue;
      }
      MetricChange planBlocks = planBlocks(b, c);
      if (planBlocks != null) {
        out.add(planBlocks);
      }
      MetricChange signature = signature(b, c, planBlocks);
      if (signature != null) {
        out.add(signature);
      }
      if (b.work() != null && c.work() == null) {
        notes.add(c.name() + ": work counters in the baseline, not in the current run (pg_stat_statements missing?): not compared");
      }
      if (b.work() != null && c.work() != null && b.work().calls() > 0 && c.work().calls() > 0) {
        double spread = checkSpreadPct(b);
        out.add(counter(c.name(), BLOCKS_PER_CALL, b.work().blocksPerCall(), c.work().blocksPerCall(),
            "shared blocks hit or read per execution over the JMH window (pg_stat_statements), " + b.work().calls() + " vs "
                + c.work().calls() + " calls" + (spread > PLAN_CACHE_TOLERANCE_PCT ? "; the baseline's plan-guard checks span "
                + Fmt.num(spread) + " % between plan-cache modes and parameter sets" : ""), b.work().calls(), c.work().calls(), "execution",
            spread));
      }
    }
    Map<String, Endpoint> be = endpoints(baseline);
    for (Endpoint c : endpoints(current).values()) {
      Endpoint b = be.get(c.name());
      if (b != null && b.work() != null && c.work() == null) {
        notes.add("load " + c.name() + ": work counters in the baseline, not in the current run: not compared");
      }
      if (b == null || b.work() == null || c.work() == null || b.work().requests() == 0 || c.work().requests() == 0) {
        continue;
      }
      String name = "load " + c.name();
      out.add(counter(name, STATEMENTS_PER_REQUEST, b.work().statementsPerRequest(), c.work().statementsPerRequest(),
          "statements per request over the load window (the api's own count of the statements each request ran, by request name)",
          b.work().requests(), c.work().requests(), "request"));
      if (b.work().blocksPerRequest() != null && c.work().blocksPerRequest() != null) {
        out.add(counter(name, BLOCKS_PER_REQUEST, b.work().blocksPerRequest(), c.work().blocksPerRequest(),
            "shared blocks hit or read per request over the load window (each statement's blocks per call in pg_stat_statements times"
                + " the api's count)", b.work().requests(), c.work().requests(), "request"));
      } else if (b.work().blocksPerRequest() != null) {
        notes.add(name + ": blocks per request in the baseline, not in the current run (pg_stat_statements missing?): not compared");
      }
    }
    return out;
  }

  /** A counter against the tolerance: regression above it, improvement below it, else no change. */
  MetricChange counter(String subject, String metric, double base, double cur, String how, long nb, long nc, String unit) {
    return counter(subject, metric, base, cur, how, nb, nc, unit, 0);
  }

  /**
   * As above, with the default tolerance widened to {@code atLeastPct}: a query's blocks per call over
   * the JMH window may lie anywhere between what its plan guard's checks read (custom and generic
   * plans, each parameter set), since PostgreSQL picks the plan-cache mode per connection.
   */
  MetricChange counter(String subject, String metric, double base, double cur, String how, long nb, long nc, String unit,
      double atLeastPct) {
    MinEffects.Effect t = tolerance(subject, metric);
    if (t.from().startsWith("--") && atLeastPct > t.pct()) {
      t = new MinEffects.Effect(atLeastPct, t.ms(), "the plan guard's spread");
    }
    double pct = base > 0 ? (cur / base - 1) * 100 : (cur > 0 ? 100 : 0);
    double diff = cur - base;
    boolean beyond = Math.abs(pct) > t.pct() && Math.abs(diff) > t.ms();
    String verdict = !beyond ? Comparison.NO_CHANGE : diff > 0 ? Comparison.REGRESSION : Comparison.IMPROVEMENT;
    return new MetricChange(subject, metric, base, cur, pct, null, null, null, how + "; work rule: beyond +-" + Fmt.num(t.pct())
        + " % and " + Fmt.num(t.ms()) + " per " + unit, verdict, null, (int) Math.min(Integer.MAX_VALUE, nb),
        (int) Math.min(Integer.MAX_VALUE, nc), unit, null, null, t.pct(), null, t.from());
  }

  /** How far the plan guard's checks of a query read apart: (most blocks / fewest - 1) x 100, 0 without checks. */
  static double checkSpreadPct(QueryResult q) {
    if (q.plan() == null || q.plan().checks() == null) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    for (Plan.Check ch : q.plan().checks()) {
      if (ch.blocks() != null && ch.blocks() > 0) {
        min = Math.min(min, ch.blocks());
        max = Math.max(max, ch.blocks());
      }
    }
    return max == 0 ? 0 : (max / (double) min - 1) * 100;
  }

  /** The plan guard's blocks per execution, averaged over the checks both runs made; null when either has none. */
  private MetricChange planBlocks(QueryResult b, QueryResult c) {
    List<Plan.Check[]> matched = matched(b, c);
    long nb = 0, nc = 0;
    int n = 0;
    for (Plan.Check[] m : matched) {
      if (m[0].blocks() != null && m[1].blocks() != null) {
        nb += m[0].blocks();
        nc += m[1].blocks();
        n++;
      }
    }
    if (n == 0) {
      return null;
    }
    return counter(c.name(), PLAN_BLOCKS, (double) nb / n, (double) nc / n,
        "shared blocks per execution of the plan guard's EXPLAIN (ANALYZE, BUFFERS) on its fixed parameter sets, mean of " + n
            + " checks", n, n, "execution");
  }

  /** The plans' shapes: which checks changed, and what they lost and gained; null when neither run has signatures. */
  private MetricChange signature(QueryResult b, QueryResult c, MetricChange planBlocks) {
    List<Plan.Check[]> matched = matched(b, c);
    List<String> changed = new ArrayList<>();
    int compared = 0;
    Set<String> lost = new LinkedHashSet<>();
    Set<String> gained = new LinkedHashSet<>();
    Set<String> newSeqScans = new LinkedHashSet<>();
    for (Plan.Check[] m : matched) {
      if (m[0].signature() == null || m[1].signature() == null) {
        continue;
      }
      compared++;
      if (!m[0].signature().equals(m[1].signature())) {
        changed.add(m[1].key());
        diff(m[0].indexesUsed(), m[1].indexesUsed(), lost, gained);
        if (m[1].seqScans() != null) {
          m[1].seqScans().stream().filter(r -> m[0].seqScans() == null || !m[0].seqScans().contains(r)).forEach(newSeqScans::add);
        }
      }
    }
    if (compared == 0) {
      return null;
    }
    String verdict = changed.isEmpty() ? Comparison.NO_CHANGE
        : planBlocks != null && Comparison.IMPROVEMENT.equals(planBlocks.verdict()) ? Comparison.IMPROVEMENT : Comparison.REGRESSION;
    StringBuilder how = new StringBuilder("plan shape (node types, relations, indexes, join order) of " + compared
        + " plan-guard checks; work rule: a changed shape is a regression unless the blocks per execution fell");
    if (!changed.isEmpty()) {
      how.append("; changed: ").append(String.join(", ", changed));
      if (!lost.isEmpty()) {
        how.append("; no longer uses ").append(String.join(", ", lost));
      }
      if (!gained.isEmpty()) {
        how.append("; now uses ").append(String.join(", ", gained));
      }
      if (!newSeqScans.isEmpty()) {
        how.append("; now Seq Scan on ").append(String.join(", ", newSeqScans));
      }
    }
    return new MetricChange(c.name(), PLAN_SIGNATURE, 0, changed.size(), 100.0 * changed.size() / compared, null, null, null, how.toString(),
        verdict, null, compared, compared, "plan-guard check", null, null);
  }

  private static void diff(List<String> before, List<String> after, Set<String> lost, Set<String> gained) {
    List<String> b = before == null ? List.of() : before;
    List<String> a = after == null ? List.of() : after;
    b.stream().filter(i -> !a.contains(i)).forEach(lost::add);
    a.stream().filter(i -> !b.contains(i)).forEach(gained::add);
  }

  /** The checks (mode and parameter set) both runs made, as [baseline, current] pairs. */
  private static List<Plan.Check[]> matched(QueryResult b, QueryResult c) {
    List<Plan.Check[]> out = new ArrayList<>();
    if (b.plan() == null || c.plan() == null || b.plan().checks() == null || c.plan().checks() == null) {
      return out;
    }
    Map<String, Plan.Check> bk = new LinkedHashMap<>();
    b.plan().checks().forEach(x -> bk.put(x.key(), x));
    for (Plan.Check x : c.plan().checks()) {
      Plan.Check y = bk.get(x.key());
      if (y != null) {
        out.add(new Plan.Check[] {y, x});
      }
    }
    return out;
  }

  private static Map<String, QueryResult> queries(Results r) {
    Map<String, QueryResult> out = new LinkedHashMap<>();
    if (r.queries() != null) {
      r.queries().forEach(q -> out.put(q.name(), q));
    }
    return out;
  }

  private static Map<String, Endpoint> endpoints(Results r) {
    Map<String, Endpoint> out = new LinkedHashMap<>();
    if (r.load() != null) {
      if (r.load().endpoints() != null) {
        r.load().endpoints().forEach(e -> out.put(e.name(), e));
      }
      if (r.load().groups() != null) {
        r.load().groups().forEach(e -> out.put(e.name(), e));
      }
      if (r.load().total() != null) {
        out.put(r.load().total().name(), r.load().total());
      }
    }
    return out;
  }
}
