package dev.apexbench.cli;

import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.TimePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The recorder's numbers as results.json's {@code load} section. Latencies are whole
 * milliseconds: Gatling measures response times in ms, and printing 2.001 ms would claim a
 * precision the recording does not have.
 */
final class LoadMapper {
  /** Responses completing this long after the injection window still count as on time. */
  static final int GRACE_SECONDS = 2;

  private LoadMapper() {}

  static Load load(String profile, String simulation, LoadPlan plan, GatlingLauncher.Outcome o) {
    LoadRecorder r = o.recorder();
    double duration = plan.totalDuration().toMillis() / 1000.0;
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, Long> allKo = new TreeMap<>();
    for (LoadRecorder.Series s : r.series()) {
      endpoints.add(endpoint(s.name, s.group, s.requests, s.ko, s.histogram, duration, s.koByStatus));
      s.koByStatus.forEach((k, v) -> allKo.merge(k, v, Long::sum));
    }
    Endpoint total = endpoint("total", "all", r.totalRequests(), r.totalKo(), r.total(), duration, allKo);

    Map<Integer, LoadRecorder.Second> seconds = r.seconds();
    int last = seconds.keySet().stream().filter(t -> seconds.get(t).requests > 0).max(Integer::compare).orElse(0);
    List<TimePoint> timeline = new ArrayList<>();
    double scheduledRequests = 0;
    for (int t = 0; t <= Math.max(last, (int) duration - 1); t++) {
      LoadRecorder.Second s = seconds.get(t);
      double sched = plan.scheduledRequests(t);
      scheduledRequests += sched;
      timeline.add(s == null
          ? new TimePoint(t, 0, 0, sched, 0, 0, 0)
          : new TimePoint(t, s.requests, s.ko, sched, s.p50Ms, s.p99Ms, s.maxMs));
    }
    Schedule kept = schedule(plan, seconds, duration, r.arrivals());
    return new Load(
        profile,
        simulation,
        plan.baseUrl(),
        duration,
        scheduledRequests / duration,
        achievedRps(seconds, duration),
        kept.kept,
        kept.note,
        total,
        endpoints,
        timeline,
        o.report() == null ? null : "gatling/index.html",
        o.exitCode(),
        Math.max(0, last + 1 - duration),
        steps(plan, r));
  }

  /**
   * Successful responses that completed within the scheduled window (plus {@value
   * #GRACE_SECONDS} s), per second of the window. Late and failed responses do not count, so a
   * server that falls behind or sheds load shows here, not only in its latencies.
   */
  static double achievedRps(Map<Integer, LoadRecorder.Second> seconds, double duration) {
    long ok = 0;
    for (Map.Entry<Integer, LoadRecorder.Second> e : seconds.entrySet()) {
      if (e.getKey() < duration + GRACE_SECONDS) {
        ok += e.getValue().requests - e.getValue().ko;
      }
    }
    return ok / duration;
  }

  /** Whether the generator kept the schedule, judged against the noise of random arrivals. */
  record Schedule(boolean kept, String note) {}

  /**
   * Arrivals are Poisson (randomized), so even a perfect generator runs behind a uniform schedule
   * at times: with N users spread at random over a segment, the count by fraction p of it has a
   * standard deviation of sqrt(N p (1 - p)). A backlog counts only beyond four of those.
   */
  static Schedule schedule(LoadPlan plan, Map<Integer, LoadRecorder.Second> seconds, double duration, long arrivals) {
    double scheduled = 0;
    for (int t = 0; t < duration; t++) {
      scheduled += plan.scheduledArrivals(t);
    }
    int segment = plan.steps().isEmpty() ? (int) duration : (int) plan.duration().toSeconds();
    double expected = 0;
    long arrived = 0;
    double worst = 0;
    double worstRaw = 0;
    for (int t = 0; t < duration; t++) {
      double rate = plan.scheduledArrivals(t);
      expected += rate;
      LoadRecorder.Second s = seconds.get(t);
      arrived += s == null ? 0 : s.arrivals;
      if (rate <= 0) {
        continue;
      }
      int inSegment = t % segment + 1;
      double p = inSegment / (double) segment;
      double sigma = Math.sqrt(rate * segment * p * (1 - p));
      double deficit = expected - arrived;
      worstRaw = Math.max(worstRaw, deficit / rate);
      worst = Math.max(worst, (deficit - 4 * sigma) / rate);
    }
    double ratio = scheduled == 0 ? 1 : arrivals / scheduled;
    boolean kept = ratio >= 0.95 && worst <= 1.0;
    String note = String.format(Locale.ROOT,
        "the generator started %,d of %,.0f scheduled users (%.1f %%); largest backlog behind schedule %.2f s"
            + " (%.2f s beyond the random-arrival noise)%s",
        arrivals, scheduled, ratio * 100, worstRaw, Math.max(0, worst),
        kept ? "" : ": the load generator could not keep the scheduled rate, so latencies may be understated");
    return new Schedule(kept, note);
  }

  static List<Load.Step> steps(LoadPlan plan, LoadRecorder r) {
    List<Load.Step> out = new ArrayList<>();
    double stepSeconds = plan.duration().toMillis() / 1000.0;
    for (Map.Entry<Integer, LoadRecorder.Series> e : r.steps().entrySet()) {
      if (e.getKey() >= plan.steps().size()) {
        continue; // responses that completed after the last step (the drain) belong to no step
      }
      LoadRecorder.Series s = e.getValue();
      Histogram h = s.histogram;
      boolean any = h.getTotalCount() > 0;
      out.add(new Load.Step(plan.steps().get(e.getKey()), s.requests, s.ko, (s.requests - s.ko) / stepSeconds,
          any ? ms(h.getValueAtPercentile(50)) : 0, any ? ms(h.getValueAtPercentile(95)) : 0,
          any ? ms(h.getValueAtPercentile(99)) : 0, any ? ms(h.getMaxValue()) : 0));
    }
    return out;
  }

  static Endpoint endpoint(String name, String group, long requests, long ko, Histogram h, double duration, Map<String, Long> koByStatus) {
    boolean any = h.getTotalCount() > 0;
    return new Endpoint(
        name,
        group,
        requests,
        ko,
        requests / duration,
        any ? Math.round(h.getMean() / 1000.0) / 1000.0 : 0,
        any ? ms(h.getValueAtPercentile(50)) : 0,
        any ? ms(h.getValueAtPercentile(95)) : 0,
        any ? ms(h.getValueAtPercentile(99)) : 0,
        any ? ms(h.getMaxValue()) : 0,
        Histograms.encode(h),
        new TreeMap<>(koByStatus));
  }

  /** Nanoseconds to whole milliseconds: the recording's resolution (Gatling measures in ms). */
  static double ms(long nanos) {
    return Math.round(nanos / 1e6);
  }
}
