package dev.apexbench.cli;

import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.TimePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.apexbench.reports.Histograms;
import org.HdrHistogram.Histogram;

/** The recorder's numbers as results.json's {@code load} section. */
final class LoadMapper {
  private LoadMapper() {}

  static Load load(String profile, String simulation, LoadPlan plan, GatlingLauncher.Outcome o) {
    LoadRecorder r = o.recorder();
    double duration = plan.totalDuration().toMillis() / 1000.0;
    List<Endpoint> endpoints = new ArrayList<>();
    java.util.Map<String, Long> allKo = new java.util.TreeMap<>();
    for (LoadRecorder.Series s : r.series()) {
      endpoints.add(endpoint(s.name, s.group, s.requests, s.ko, s.histogram, duration, s.koByStatus));
      s.koByStatus.forEach((k, v) -> allKo.merge(k, v, Long::sum));
    }
    Endpoint total = endpoint("total", "all", r.totalRequests(), r.totalKo(), r.total(), duration, allKo);

    List<TimePoint> timeline = new ArrayList<>();
    Map<Integer, LoadRecorder.Second> seconds = r.seconds();
    int last = seconds.isEmpty() ? 0 : seconds.keySet().stream().max(Integer::compare).orElse(0);
    double scheduledRequests = 0;
    double scheduledArrivals = 0;
    double cumulativeScheduled = 0;
    long cumulativeArrived = 0;
    double maxBacklog = 0;
    for (int t = 0; t <= Math.max(last, (int) duration - 1); t++) {
      LoadRecorder.Second s = seconds.get(t);
      double sched = plan.scheduledRequests(t);
      scheduledRequests += sched;
      scheduledArrivals += plan.scheduledArrivals(t);
      cumulativeScheduled += plan.scheduledArrivals(t);
      cumulativeArrived += s == null ? 0 : s.arrivals;
      if (t < duration && plan.scheduledArrivals(t) > 0) {
        // users the generator is behind on, in seconds of the rate it should be keeping
        maxBacklog = Math.max(maxBacklog, (cumulativeScheduled - cumulativeArrived) / plan.scheduledArrivals(t));
      }
      timeline.add(new TimePoint(t, s == null ? 0 : s.requests, s == null ? 0 : s.ko, sched,
          s == null ? 0 : ms(s.histogram.getValueAtPercentile(50)),
          s == null ? 0 : ms(s.histogram.getValueAtPercentile(99)),
          s == null ? 0 : ms(s.histogram.getMaxValue())));
    }
    double ratio = scheduledArrivals == 0 ? 1 : r.arrivals() / scheduledArrivals;
    boolean kept = ratio >= 0.95 && maxBacklog <= 1.0;
    String note = String.format(Locale.ROOT,
        "the generator started %,d of %,.0f scheduled users (%.1f %%); largest backlog behind schedule %.2f s%s",
        r.arrivals(), scheduledArrivals, ratio * 100, maxBacklog,
        kept ? "" : ": the load generator could not keep the scheduled rate, so latencies may be understated");
    return new Load(
        profile,
        simulation,
        plan.baseUrl(),
        duration,
        scheduledRequests / duration,
        r.totalRequests() / duration,
        kept,
        note,
        total,
        endpoints,
        timeline,
        o.report() == null ? null : "gatling/index.html",
        o.exitCode());
  }

  static Endpoint endpoint(String name, String group, long requests, long ko, Histogram h, double duration, java.util.Map<String, Long> koByStatus) {
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
        new java.util.TreeMap<>(koByStatus));
  }

  /** Nanoseconds to milliseconds (the recorder's resolution is Gatling's: 1 ms). */
  static double ms(long nanos) {
    return Math.round(nanos / 1000.0) / 1000.0;
  }
}
