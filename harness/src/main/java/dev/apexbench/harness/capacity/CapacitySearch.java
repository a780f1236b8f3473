package dev.apexbench.harness.capacity;

import dev.apexbench.reports.model.Capacity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The search for the highest sustainable rate, and what the steps say: start low, multiply the
 * offered rate until a step fails a load target (or the achieved rate stops growing, or the
 * maximum is reached), then bisect (geometrically) between the last passing and the first failing
 * rate. Pure logic: the steps come from a {@link StepRunner}, so the search is tested without load.
 */
public final class CapacitySearch {
  /** Runs one step at an offered request rate; {@code phase} is "grow" or "bisect". */
  public interface StepRunner {
    Capacity.Step run(double offeredRps, String phase) throws Exception;
  }

  /**
   * @param startRps the first step's offered request rate
   * @param factor the multiplier between growing steps
   * @param maxRps no step offers more
   * @param bisections steps spent between the last pass and the first failure
   */
  public record Settings(double startRps, double factor, double maxRps, int bisections) {}

  /** The steps in the order run, and how the search ended. */
  public record Outcome(List<Capacity.Step> steps, String note) {}

  /** An achieved rate below this factor of the previous step's means it stopped growing. */
  public static final double GROWTH = 1.05;
  /** p95 this many times the lowest step's p95 marks the knee. */
  public static final double KNEE_FACTOR = 2.0;

  private CapacitySearch() {}

  public static Outcome search(Settings s, StepRunner runner) throws Exception {
    return new Search(s, runner).run();
  }

  /** One search's state: the steps so far, the highest rate that passed and the lowest that failed. */
  private static final class Search {
    private final Settings s;
    private final StepRunner runner;
    private final List<Capacity.Step> steps = new ArrayList<>();
    private Double lastPass;
    private Double firstFail;

    Search(Settings s, StepRunner runner) {
      this.s = s;
      this.runner = runner;
    }

    Outcome run() throws Exception {
      double rate = Math.min(s.startRps(), s.maxRps());
      Capacity.Step first = step(rate, "grow");
      String ended = first.pass() ? grow(rate, first) : startLower(rate);
      if (ended != null) {
        return new Outcome(steps, ended);
      }
      bisect();
      return new Outcome(steps, String.format(Locale.ROOT, "between %.1f rps (met every load target) and %.1f rps (failed) after %d"
          + " bisection%s", lastPass, firstFail, s.bisections(), s.bisections() == 1 ? "" : "s"));
    }

    private Capacity.Step step(double rate, String phase) throws Exception {
      Capacity.Step st = runner.run(rate, phase);
      steps.add(st);
      return st;
    }

    /** The first step failed: up to two steps down; the search's end when none passes, else null. */
    private String startLower(double rate) throws Exception {
      firstFail = rate;
      for (int i = 0; i < 2 && lastPass == null; i++) {
        rate = rate / s.factor();
        if (step(rate, "grow").pass()) {
          lastPass = rate;
        } else {
          firstFail = rate;
        }
      }
      return lastPass == null ? String.format(Locale.ROOT, "even %.1f rps failed a load target: no sustainable rate found", rate) : null;
    }

    /** Multiplies the rate until a step fails (null: bisect next), the maximum is reached or the achieved rate stops growing. */
    private String grow(double rate, Capacity.Step prev) throws Exception {
      lastPass = rate;
      while (true) {
        if (rate >= s.maxRps()) {
          return String.format(Locale.ROOT, "reached the maximum rate (%.0f rps) with every target met: the capacity is at least that",
              s.maxRps());
        }
        rate = Math.min(rate * s.factor(), s.maxRps());
        Capacity.Step st = step(rate, "grow");
        if (!st.pass()) {
          firstFail = rate;
          return null;
        }
        if (st.achievedRps() < prev.achievedRps() * GROWTH) {
          return String.format(Locale.ROOT, "the achieved rate stopped growing at %.1f rps (offered %.1f) with every target met",
              st.achievedRps(), rate);
        }
        lastPass = rate;
        prev = st;
      }
    }

    /** Geometric bisection between the last pass and the first failure. */
    private void bisect() throws Exception {
      for (int i = 0; i < s.bisections(); i++) {
        double mid = Math.sqrt(lastPass * firstFail);
        if (step(mid, "bisect").pass()) {
          lastPass = mid;
        } else {
          firstFail = mid;
        }
      }
    }
  }

  /** The search's steps as results: sustainable rate, knee, first breach, bottleneck, USL. */
  public static Capacity summarise(String mix, double stepSeconds, Outcome o) {
    List<Capacity.Step> steps = o.steps();
    Capacity.Step best = steps.stream().filter(Capacity.Step::pass).max(Comparator.comparingDouble(Capacity.Step::offeredRps)).orElse(null);
    Capacity.Step firstFailing = steps.stream().filter(st -> !st.pass()).min(Comparator.comparingDouble(Capacity.Step::offeredRps)).orElse(null);
    List<double[]> points = new ArrayList<>();
    for (Capacity.Step st : steps) {
      points.add(new double[] {st.concurrency(), st.achievedRps()});
    }
    return new Capacity(mix, stepSeconds, steps, best == null ? null : best.offeredRps(), best == null ? null : best.achievedRps(),
        knee(steps), KNEE_FACTOR, firstFailing == null || firstFailing.failed().isEmpty() ? null : firstFailing.failed().get(0),
        bottleneck(firstFailing != null ? firstFailing : steps.stream().max(Comparator.comparingDouble(Capacity.Step::offeredRps)).orElse(null),
            firstFailing != null),
        Usl.fit(points), o.note());
  }

  /**
   * The lowest offered rate from which p95 stays above {@link #KNEE_FACTOR} times the lowest
   * step's p95 (with a floor of 1 ms: p95 is recorded in whole ms) at every higher rate, or null.
   * "Stays" keeps one noisy short step from being called the knee.
   */
  public static Double knee(List<Capacity.Step> steps) {
    List<Capacity.Step> sorted = steps.stream().sorted(Comparator.comparingDouble(Capacity.Step::offeredRps)).toList();
    if (sorted.size() < 2) {
      return null;
    }
    double limit = KNEE_FACTOR * Math.max(1, sorted.get(0).p95Ms());
    Double knee = null;
    for (int i = sorted.size() - 1; i >= 1; i--) {
      if (sorted.get(i).p95Ms() > limit) {
        knee = sorted.get(i).offeredRps();
      } else {
        break;
      }
    }
    return knee;
  }

  /**
   * What limited the stack at a step, from its evidence, in this order: the load generator (its
   * own targets failed: the measurement, not the stack, gave out), the pool (a pool-wait target
   * failed, or threads waited while the pool was at least 90 % busy), the api's CPU (over half the
   * machine), else the database (its busiest statement).
   */
  public static Capacity.Bottleneck bottleneck(Capacity.Step st, boolean failed) {
    if (st == null) {
      return null;
    }
    String at = String.format(Locale.ROOT, " at %.1f rps offered", st.offeredRps());
    if (!failed) {
      return new Capacity.Bottleneck("none found", "every step met every load target; the highest" + at);
    }
    if (st.failed().stream().anyMatch(f -> f.startsWith("load generator"))) {
      return new Capacity.Bottleneck("load generator", "its own targets failed" + at + " (" + String.join(", ", st.failed())
          + String.format(Locale.ROOT, "; longest pause %.0f ms): it shares the machine with the api and PostgreSQL, so this rate"
          + " measures the machine, not the stack; run the injector elsewhere (--target-url)", st.generatorMaxPauseMs()));
    }
    List<String> poolWait = st.failed().stream().filter(f -> f.contains(" pool_")).toList();
    boolean pending = st.poolPendingMax() != null && st.poolPendingMax() > 0 && st.poolUtilizationP95Pct() != null
        && st.poolUtilizationP95Pct() >= 90;
    if (!poolWait.isEmpty() || pending) {
      return new Capacity.Bottleneck("pool", "requests waited for a database connection" + at
          + (poolWait.isEmpty() ? "" : " (" + String.join(", ", poolWait) + ")")
          + (st.poolUtilizationP95Pct() == null ? "" : String.format(Locale.ROOT, "; pool utilisation p95 %.0f %%, up to %d waiting at a"
              + " sample", st.poolUtilizationP95Pct(), st.poolPendingMax()))
          + (st.dbTopStatement() == null ? "" : "; the connections were held longest by: " + st.dbTopStatement())
          + ". A larger pool helps only if the database has CPU to spare");
    }
    if (st.apiCpuPct() != null && st.apiCpuPct() >= 50) {
      return new Capacity.Bottleneck("api CPU", String.format(Locale.ROOT, "the api's JVM used %.0f %% of the machine's CPU%s", st.apiCpuPct(), at));
    }
    return new Capacity.Bottleneck("database", "no pool wait and the api below half the CPU" + at
        + (st.dbTopStatement() == null ? "" : "; the database's busiest statement: " + st.dbTopStatement()));
  }
}
