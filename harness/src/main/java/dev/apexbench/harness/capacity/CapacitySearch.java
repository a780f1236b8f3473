package dev.apexbench.harness.capacity;

import dev.apexbench.reports.model.Capacity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The search for the highest sustainable rate: start low, multiply the offered rate until a step
 * fails a load target (or the achieved rate stops growing, or the maximum is reached), then bisect
 * (geometrically) between the last passing and the first failing rate. Pure logic: the steps come
 * from a {@link StepRunner}, so the search is tested without load. What the steps say (the knee,
 * the bottleneck) is {@link CapacityVerdict}'s.
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
  /**
   * A step during which the load generator itself paused longer than this sent its requests in a
   * burst, not at the offered rate: it says nothing about the server and is measured again.
   */
  public static final double DISTURBED_PAUSE_MS = 100;
  /** At most this many attempts are set aside as disturbed per step; the last attempt stands. */
  public static final int REMEASURES = 2;
  /** The phase of an attempt set aside because the generator paused: kept in the steps, out of the verdict. */
  public static final String DISTURBED = Capacity.Step.DISTURBED;

  private CapacitySearch() {}

  public static Outcome search(Settings s, StepRunner runner) throws Exception {
    return new Search(s, runner).run();
  }

  /** The steps the verdict reads: every attempt but those set aside as disturbed. */
  public static List<Capacity.Step> judged(List<Capacity.Step> steps) {
    return steps.stream().filter(st -> !DISTURBED.equals(st.phase())).toList();
  }

  static Capacity.Step withPhase(Capacity.Step st, String phase) {
    return new Capacity.Step(st.offeredRps(), st.achievedRps(), st.requests(), st.errorRatePct(), st.p50Ms(), st.p95Ms(), st.p99Ms(),
        st.p95ByGroupMs(), st.meanMs(), st.concurrency(), st.poolActiveMean(), st.poolUtilizationP95Pct(), st.poolPendingMax(),
        st.apiCpuPct(), st.dbXactPerSec(), st.dbBlocksPerSec(), st.dbTopStatement(), st.generatorMaxPauseMs(), st.pass(), st.failed(),
        phase, st.apiCpuCores(), st.queueMs(), st.poolMs(), st.dbMs(), st.poolAcquireMeanMs(), st.poolAcquireMaxMs());
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
        return new Outcome(steps, ended + stillDisturbed());
      }
      bisect();
      return new Outcome(steps, String.format(Locale.ROOT, "between %.1f rps (met every load target) and %.1f rps (failed) after %d"
          + " bisection%s", lastPass, firstFail, s.bisections(), s.bisections() == 1 ? "" : "s") + stillDisturbed());
    }

    /** Steps judged although the generator paused over the limit in every attempt: said in the note. */
    private final List<Double> disturbedThroughout = new ArrayList<>();

    private String stillDisturbed() {
      return disturbedThroughout.isEmpty() ? "" : String.format(Locale.ROOT, "; judged although the generator paused over %.0f ms in all"
          + " %d attempts (a busy machine: read with care): %s rps", DISTURBED_PAUSE_MS, REMEASURES + 1,
          String.join(", ", disturbedThroughout.stream().map(r -> String.format(Locale.ROOT, "%.1f", r)).toList()));
    }

    private Capacity.Step step(double rate, String phase) throws Exception {
      Capacity.Step st = runner.run(rate, phase);
      for (int i = 0; i < REMEASURES && st.generatorMaxPauseMs() > DISTURBED_PAUSE_MS; i++) {
        steps.add(withPhase(st, DISTURBED));
        st = runner.run(rate, phase);
      }
      if (st.generatorMaxPauseMs() > DISTURBED_PAUSE_MS) {
        disturbedThroughout.add(st.offeredRps());
      }
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
}
