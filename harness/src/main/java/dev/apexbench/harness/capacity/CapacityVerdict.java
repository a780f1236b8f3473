package dev.apexbench.harness.capacity;

import dev.apexbench.reports.model.Capacity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the search's steps say: the sustainable rate, each endpoint group's knee, the first breach
 * and the bottleneck, each from the steps' own evidence.
 */
public final class CapacityVerdict {
  /** p95 this many times the lowest step's p95 marks the knee. */
  public static final double KNEE_FACTOR = 2.0;
  /** A phase "rose" when its mean grew by at least this much (ms) from the lowest step to the failing one... */
  static final double RISE_MS = 1.0;
  /** ...and by at least this factor of its mean at the lowest step. */
  static final double RISE_FACTOR = 0.5;
  /** The api's CPU counts as saturated at this share of the machine's cores. */
  static final double CPU_SATURATED = 0.9;

  private CapacityVerdict() {}

  /** The search's steps as results (the USL comes from its own closed-model sweep, added later). */
  public static Capacity summarise(String mix, double stepSeconds, CapacitySearch.Outcome o, boolean honoursAccepted, int cores) {
    List<Capacity.Step> steps = CapacitySearch.judged(o.steps());
    Capacity.Step best = steps.stream().filter(Capacity.Step::pass).max(Comparator.comparingDouble(Capacity.Step::offeredRps)).orElse(null);
    Capacity.Step firstFailing = steps.stream().filter(st -> !st.pass()).min(Comparator.comparingDouble(Capacity.Step::offeredRps)).orElse(null);
    Map<String, Double> knees = kneesByGroup(steps);
    Map.Entry<String, Double> first = knees.entrySet().stream().min(Map.Entry.comparingByValue()).orElse(null);
    Capacity.Step lowest = steps.stream().min(Comparator.comparingDouble(Capacity.Step::offeredRps)).orElse(null);
    Capacity.Bottleneck b = firstFailing != null ? bottleneck(lowest, firstFailing, cores)
        : lowest == null ? null : new Capacity.Bottleneck("none found", String.format(Locale.ROOT,
            "every step met every load target; the highest at %.1f rps offered", steps.stream().mapToDouble(Capacity.Step::offeredRps).max()
                .orElse(0)));
    return new Capacity(mix, stepSeconds, o.steps(), best == null ? null : best.offeredRps(), best == null ? null : best.achievedRps(),
        first == null ? null : first.getValue(), KNEE_FACTOR, firstFailing == null || firstFailing.failed().isEmpty() ? null
            : firstFailing.failed().get(0), b, null, o.note(), knees, first == null ? null : first.getKey(), honoursAccepted);
  }

  /** Each group's knee (groups the steps measured), by {@link #knee}. */
  static Map<String, Double> kneesByGroup(List<Capacity.Step> steps) {
    Map<String, Double> out = new LinkedHashMap<>();
    List<String> groups = new ArrayList<>();
    steps.forEach(st -> st.p95ByGroupMs().keySet().forEach(g -> {
      if (!groups.contains(g)) {
        groups.add(g);
      }
    }));
    for (String g : groups) {
      List<double[]> series = steps.stream().filter(st -> st.p95ByGroupMs().get(g) != null)
          .map(st -> new double[] {st.offeredRps(), st.p95ByGroupMs().get(g)}).toList();
      Double k = knee(series);
      if (k != null) {
        out.put(g, k);
      }
    }
    return out;
  }

  /**
   * The lowest offered rate from which p95 stays above {@link #KNEE_FACTOR} times the lowest step's
   * p95 (with a floor of 1 ms) at every higher rate, or null. "Stays" keeps one noisy short step
   * from being called the knee.
   *
   * @param points (offered rps, p95 ms)
   */
  static Double knee(List<double[]> points) {
    List<double[]> sorted = points.stream().sorted(Comparator.comparingDouble(p -> p[0])).toList();
    if (sorted.size() < 2) {
      return null;
    }
    double limit = KNEE_FACTOR * Math.max(1, sorted.get(0)[1]);
    Double knee = null;
    for (int i = sorted.size() - 1; i >= 1; i--) {
      if (sorted.get(i)[1] > limit) {
        knee = sorted.get(i)[0];
      } else {
        break;
      }
    }
    return knee;
  }

  /**
   * What limited the stack at the first failing step, from evidence, compared with the lowest step:
   * the load generator when its own targets failed (the measurement, not the stack, gave out); else
   * the part of the server's time that rose (the Server-Timing phases: waiting for a worker, for a
   * connection, holding it); HikariCP's acquire timer backs a pool verdict; the api's CPU in cores
   * tells a saturated JVM from saturated workers. Without a breakdown: unknown, and why.
   */
  static Capacity.Bottleneck bottleneck(Capacity.Step lowest, Capacity.Step failing, int cores) {
    String at = String.format(Locale.ROOT, " at %.1f rps offered", failing.offeredRps());
    if (failing.failed().stream().anyMatch(f -> f.startsWith("load generator"))) {
      return new Capacity.Bottleneck("load generator", "its own targets failed" + at + " (" + String.join(", ", failing.failed())
          + String.format(Locale.ROOT, "; longest pause %.0f ms): it shares the machine with the server, so this rate measures the"
          + " machine, not the stack; run the injector elsewhere (--target-url), or several (--injectors)", failing.generatorMaxPauseMs()));
    }
    if (failing.queueMs() == null || failing.poolMs() == null || failing.dbMs() == null) {
      return new Capacity.Bottleneck("unknown", "the target sent no Server-Timing breakdown" + at + ", so where the time went is not known"
          + " (failed: " + String.join(", ", failing.failed()) + ")");
    }
    double dq = rise(lowest.queueMs(), failing.queueMs());
    double dp = rise(lowest.poolMs(), failing.poolMs());
    double dd = rise(lowest.dbMs(), failing.dbMs());
    String phases = String.format(Locale.ROOT, "mean per request from %.1f to %.1f rps offered: queue %s, pool %s, db %s",
        lowest.offeredRps(), failing.offeredRps(), change(lowest.queueMs(), failing.queueMs()), change(lowest.poolMs(), failing.poolMs()),
        change(lowest.dbMs(), failing.dbMs()));
    String pool = failing.poolAcquireMeanMs() == null ? "" : String.format(Locale.ROOT, "; HikariCP's acquire timer: mean wait %.2f ms,"
        + " longest %.1f ms", failing.poolAcquireMeanMs(), failing.poolAcquireMaxMs() == null ? 0 : failing.poolAcquireMaxMs());
    String cpu = failing.apiCpuCores() == null ? "" : String.format(Locale.ROOT, "; the api's JVM used %.2f of %d cores",
        failing.apiCpuCores(), cores);
    // causes before their symptoms: a database that got slower holds its connections longer (the pool waits follow), and
    // a pool that ran out keeps the workers waiting (the queue backs up behind it); a queue alone means the workers ran out
    boolean queueRose = rose(lowest.queueMs(), failing.queueMs(), dq);
    boolean poolRose = rose(lowest.poolMs(), failing.poolMs(), dp);
    boolean dbRose = rose(lowest.dbMs(), failing.dbMs(), dd);
    if (dbRose) {
      return new Capacity.Bottleneck("database", "the time holding a connection rose" + at + ": " + phases + pool + cpu
          + (poolRose ? "; the pool's waits follow from the connections being held longer" : "")
          + (failing.dbTopStatement() == null ? "" : "; the database's busiest statement: " + failing.dbTopStatement()));
    }
    if (poolRose) {
      return new Capacity.Bottleneck("pool", "requests waited for a connection while the database's time stayed flat" + at + ": " + phases
          + pool + cpu + (queueRose ? "; the workers' queue backed up behind the pool" : "")
          + (failing.dbTopStatement() == null ? "" : "; the connections were held longest by: " + failing.dbTopStatement())
          + ". A larger pool helps while the database has capacity to spare");
    }
    if (!queueRose) {
      return new Capacity.Bottleneck("unknown", "no part of the server's time rose" + at + " (" + phases + pool + cpu + "); failed: "
          + String.join(", ", failing.failed()));
    }
    if (failing.apiCpuCores() != null && failing.apiCpuCores() >= CPU_SATURATED * cores) {
      return new Capacity.Bottleneck("api CPU", "requests waited for a worker while the api's JVM kept the machine's cores busy" + at + ": "
          + phases + pool + cpu);
    }
    return new Capacity.Bottleneck("server saturation", "requests waited for a worker while the pool and the database stayed flat" + at
        + ": " + phases + pool + cpu);
  }

  private static double rise(Double from, Double to) {
    return from == null || to == null ? 0 : to - from;
  }

  private static boolean rose(Double from, Double to, double delta) {
    return from != null && to != null && delta >= RISE_MS && delta >= RISE_FACTOR * from;
  }

  private static String change(Double from, Double to) {
    return String.format(Locale.ROOT, "%.2f -> %.2f ms", from, to);
  }
}
