package dev.apexbench.harness.run;

import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadLog;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.LoadRecorder;
import dev.apexbench.gatling.Phases;
import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Breakdown;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.GeneratorHealth;
import dev.apexbench.reports.model.Intervals;
import dev.apexbench.reports.model.LatencySummary;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Schedule;
import dev.apexbench.reports.model.TimePoint;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The recorder's numbers as results.json's {@code load} section. Latencies are whole
 * milliseconds: Gatling measures response times in ms, and printing 2.001 ms would claim a
 * precision the recording does not have. The timeline and the per-interval values come from the
 * run's interval log ({@link LoadRecorder#HLOG}).
 */
public final class LoadMapper {
  /**
   * The probability that a generator which did keep the schedule shows an arrival gap beyond the
   * limit anywhere in a run: 1 in 10,000.
   */
  public static final double GAP_FALSE_ALARM = 1e-4;

  private LoadMapper() {}

  public static Load load(String profile, String simulation, LoadPlan plan, GatlingLauncher.Outcome o) {
    LoadRecorder r = o.recorder();
    double duration = plan.totalDuration().toMillis() / 1000.0;
    int intervalSeconds = LoadLog.intervalSeconds(duration);
    List<java.nio.file.Path> logs = r.logs().stream().filter(Files::isRegularFile).toList();
    LoadLog.Summary log = !logs.isEmpty()
        ? LoadLog.read(logs, intervalSeconds, r.startEpochMs() / 1000.0)
        : new LoadLog.Summary(Map.of(), Map.of(), intervalSeconds);
    List<Endpoint> endpoints = new ArrayList<>();
    Map<String, Long> allKo = new TreeMap<>();
    Map<String, Breakdown> groups = endpoints(r, log, duration, intervalSeconds, endpoints, allKo);
    Endpoint total = endpoint("total", "all", r.totalRequests(), r.totalKo(), r.total(), r.totalAll(), duration, allKo,
        intervals(log.merged(r.series().stream().map(x -> x.name).toList()), intervalSeconds));
    List<Endpoint> groupTotals = groups(r, log, duration, intervalSeconds);

    Map<Integer, LoadRecorder.Second> seconds = r.seconds();
    int last = seconds.keySet().stream().filter(t -> seconds.get(t).requests > 0).max(Integer::compare).orElse(0);
    List<TimePoint> timeline = timeline(plan, seconds, log, last, duration);
    double scheduledRequests = 0;
    for (TimePoint p : timeline) {
      scheduledRequests += p.scheduledRps(); // a second's scheduled requests: its scheduled rate
    }
    List<GeneratorHealth.Span> gaps = spans(r.arrivalGaps(), r.startNanos());
    double sinceLastArrival = (r.lastArrivalNanos() - r.startNanos()) / 1e9;
    Schedule schedule = plan.closed()
        ? new Schedule(true, 100, 0, 0, 0, 0, List.of(), "closed model: " + plan.concurrency()
            + " requests in flight, each user replaced when its request ends; there is no arrival schedule to keep")
        : schedule(plan, seconds, duration, r.arrivals(), gaps, sinceLastArrival);
    return new Load(
        profile,
        simulation,
        plan.baseUrl(),
        duration,
        scheduledRequests / duration,
        achievedRps(seconds, duration),
        schedule.kept(),
        schedule.note(),
        total,
        endpoints,
        timeline,
        o.report() == null ? null : "gatling/index.html",
        o.exitCode(),
        Math.max(0, last + 1 - duration),
        steps(plan, r),
        hiccups(r),
        schedule).withBreakdown(groups).withGroups(groupTotals);
  }

  /** Per endpoint group, its endpoints together: counts summed, histograms merged, per-interval values of the merged responses. */
  private static List<Endpoint> groups(LoadRecorder r, LoadLog.Summary log, double duration, int intervalSeconds) {
    Map<String, List<LoadRecorder.Series>> byGroup = new java.util.LinkedHashMap<>();
    for (String g : Endpoint.GROUPS) {
      byGroup.put(g, new ArrayList<>());
    }
    for (LoadRecorder.Series s : r.series()) {
      byGroup.computeIfAbsent(s.group == null ? "ungrouped" : s.group, g -> new ArrayList<>()).add(s);
    }
    List<Endpoint> out = new ArrayList<>();
    byGroup.forEach((g, series) -> {
      if (series.isEmpty()) {
        return;
      }
      Histogram ok = LoadRecorder.newHistogram();
      Histogram all = LoadRecorder.newHistogram();
      Map<String, Long> ko = new TreeMap<>();
      long requests = 0;
      long failed = 0;
      for (LoadRecorder.Series s : series) {
        ok.add(s.histogram);
        all.add(s.all);
        s.koByStatus.forEach((k, v) -> ko.merge(k, v, Long::sum));
        requests += s.requests;
        failed += s.ko;
      }
      out.add(endpoint(g, g, requests, failed, ok, all, duration, ko, intervals(log.merged(series.stream().map(x -> x.name).toList()),
          intervalSeconds)));
    });
    return out;
  }

  /** Per endpoint its figures (into {@code endpoints}, failures by answer into {@code allKo}); returns the phase breakdown per group. */
  private static Map<String, Breakdown> endpoints(LoadRecorder r, LoadLog.Summary log, double duration, int intervalSeconds,
      List<Endpoint> endpoints, Map<String, Long> allKo) {
    Map<String, Phases> byGroup = new java.util.LinkedHashMap<>();
    for (LoadRecorder.Series s : r.series()) {
      Endpoint e = endpoint(s.name, s.group, s.requests, s.ko, s.histogram, s.all, duration, s.koByStatus,
          intervals(log.intervals().get(s.name), intervalSeconds));
      endpoints.add(e.withBreakdown(breakdown(s.phases)));
      s.koByStatus.forEach((k, v) -> allKo.merge(k, v, Long::sum));
      if (s.phases.timed() > 0) {
        byGroup.computeIfAbsent(s.group == null ? "ungrouped" : s.group, g -> new Phases()).add(s.phases);
      }
    }
    Map<String, Breakdown> groups = new java.util.LinkedHashMap<>();
    for (String g : Endpoint.GROUPS) {
      if (byGroup.containsKey(g)) {
        groups.put(g, breakdown(byGroup.remove(g)));
      }
    }
    byGroup.forEach((g, p) -> groups.put(g, breakdown(p)));
    return groups;
  }

  /** Second by second: requests, failures, what was scheduled, latency and the generator's health. */
  private static List<TimePoint> timeline(LoadPlan plan, Map<Integer, LoadRecorder.Second> seconds, LoadLog.Summary log, int last,
      double duration) {
    List<TimePoint> timeline = new ArrayList<>();
    for (int t = 0; t <= Math.max(last, (int) duration - 1); t++) {
      LoadRecorder.Second s = seconds.get(t);
      LoadLog.SecondStats l = log.seconds().get(t);
      double sched = plan.scheduledRequests(t);
      timeline.add(new TimePoint(t, s == null ? 0 : s.requests, s == null ? 0 : s.ko, sched,
          l == null ? 0 : l.p50Ms(), l == null ? 0 : l.p99Ms(), l == null ? 0 : l.maxMs(),
          l == null ? 0.0 : l.maxHiccupMs(), l == null ? 0.0 : l.maxArrivalGapMs()));
    }
    return timeline;
  }

  /**
   * The recorder's phase histograms as results: per part its percentiles and share of the client's
   * mean, to the microsecond (the header's resolution); null when no request carried the header.
   */
  public static Breakdown breakdown(Phases p) {
    if (p.timed() == 0) {
      return null;
    }
    double clientMean = p.histogram(Phases.CLIENT).getMean();
    Map<String, Breakdown.PhaseStats> parts = new java.util.LinkedHashMap<>();
    String dominant = null;
    double dominantP95 = -1;
    for (String name : Phases.PARTS) {
      Breakdown.PhaseStats st = phaseStats(p.histogram(name), clientMean);
      parts.put(name, st);
      if (st.p95Ms() > dominantP95) {
        dominantP95 = st.p95Ms();
        dominant = name;
      }
    }
    return new Breakdown(p.timed(), p.untimed(), p.clamped(), parts, phaseStats(p.histogram(Phases.SERVER), clientMean),
        phaseStats(p.histogram(Phases.CLIENT), clientMean), dominant);
  }

  private static Breakdown.PhaseStats phaseStats(Histogram h, double clientMean) {
    return new Breakdown.PhaseStats(round3(h.getMean() / 1e6), round3(h.getValueAtPercentile(50) / 1e6),
        round3(h.getValueAtPercentile(95) / 1e6), round3(h.getValueAtPercentile(99) / 1e6), round3(h.getMaxValue() / 1e6),
        clientMean > 0 ? Math.round(h.getMean() / clientMean * 1e4) / 1e4 : 0);
  }

  /** The generator's pauses: jHiccup's percentiles, the longest pause, and the pauses of 50 ms or more. */
  public static GeneratorHealth hiccups(LoadRecorder r) {
    Histogram h = r.hiccups();
    boolean any = h.getTotalCount() > 0;
    return new GeneratorHealth(r.hiccupSamples(), any ? round3(h.getValueAtPercentile(50) / 1e6) : 0,
        any ? round3(h.getValueAtPercentile(99) / 1e6) : 0, any ? round3(h.getMaxValue() / 1e6) : 0,
        any ? Histograms.encode(h) : null, spans(r.pauses(), r.startNanos()));
  }

  public static List<GeneratorHealth.Span> spans(List<LoadRecorder.Span> spans, long startNanos) {
    List<GeneratorHealth.Span> out = new ArrayList<>();
    for (LoadRecorder.Span s : spans) {
      out.add(new GeneratorHealth.Span(round3((s.startNanos() - startNanos) / 1e9), round3((s.endNanos() - startNanos) / 1e9),
          round3(s.nanos() / 1e6)));
    }
    return out;
  }

  public static Intervals intervals(List<LoadLog.IntervalStats> list, int seconds) {
    if (list == null || list.isEmpty()) {
      return null;
    }
    return new Intervals(seconds, list.stream().map(LoadLog.IntervalStats::index).toList(),
        list.stream().map(LoadLog.IntervalStats::count).toList(), list.stream().map(LoadLog.IntervalStats::p50Ms).toList(),
        list.stream().map(LoadLog.IntervalStats::p95Ms).toList());
  }

  /**
   * Successful responses that completed within the scheduled window, per second of it. Late and
   * failed responses do not count, so a server that falls behind or sheds load shows here, not
   * only in its latencies: a server of capacity C offered λ &gt; C completes C per second, and the
   * backlog it drains after the window is not counted (with a grace period after the window a
   * 3 s step would credit an overload of up to 1.7 C as kept up with). A server that keeps up
   * loses only the requests in flight when the window ends, λ·W of λ·T.
   */
  public static double achievedRps(Map<Integer, LoadRecorder.Second> seconds, double duration) {
    long ok = 0;
    for (Map.Entry<Integer, LoadRecorder.Second> e : seconds.entrySet()) {
      if (e.getKey() < duration) {
        ok += e.getValue().requests - e.getValue().ko;
      }
    }
    return ok / duration;
  }

  /**
   * Whether the generator kept the schedule, judged against the noise of random arrivals. Three
   * checks, each allowing for Poisson noise:
   *
   * <ol>
   *   <li>it started at least 95 % of the scheduled users;
   *   <li>the started users never fell behind the scheduled ones by more than four standard
   *       deviations of random arrivals plus one second's worth (a slow, sustained lag);
   *   <li>no gap between two arrivals (or from the last arrival to the end of the window) is
   *       longer than a Poisson stream at the scheduled rate shows once in {@code 1 /}
   *       {@value #GAP_FALSE_ALARM} runs: for N arrivals at rate r, P(some gap &gt; g) &lt;= N
   *       e^(-r g), so the limit is ln(N / p) / r. A generator that stops (a GC pause, CPU
   *       starvation) for longer than that is caught, however it catches up afterwards: at 55
   *       users/s over 60 s the limit is about 0.31 s, where the lag check alone needs several
   *       seconds.
   * </ol>
   *
   * @param gaps the longest arrival gaps, in seconds of the load timeline
   * @param lastArrivalS when the last user arrived, in seconds of the load timeline
   */
  public static Schedule schedule(LoadPlan plan, Map<Integer, LoadRecorder.Second> seconds, double duration, long arrivals,
      List<GeneratorHealth.Span> gaps, double lastArrivalS) {
    double scheduled = 0;
    for (int t = 0; t < duration; t++) {
      scheduled += plan.scheduledArrivals(t);
    }
    int segment = plan.steps().isEmpty() ? (int) duration : (int) plan.duration().toSeconds();
    double expected = 0;
    long arrived = 0;
    long sent = 0;
    double worst = 0;
    double worstRaw = 0;
    for (int t = 0; t < duration; t++) {
      double rate = plan.scheduledArrivals(t);
      expected += rate;
      LoadRecorder.Second s = seconds.get(t);
      arrived += s == null ? 0 : s.arrivals;
      sent += s == null ? 0 : s.sentByArrival;
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

    List<GeneratorHealth.Span> candidates = new ArrayList<>(gaps);
    if (lastArrivalS < duration) {
      candidates.add(new GeneratorHealth.Span(round3(lastArrivalS), duration, round3((duration - lastArrivalS) * 1000)));
    }
    double maxGap = 0;
    double limitAtMax = 0;
    double tightest = Double.MAX_VALUE;
    List<GeneratorHealth.Span> late = new ArrayList<>();
    for (GeneratorHealth.Span g : candidates) {
      double limit = gapLimitMs(plan, duration, scheduled, g);
      if (Double.isNaN(limit)) {
        continue; // outside the injection window: no arrival was due
      }
      tightest = Math.min(tightest, limit);
      if (g.ms() > maxGap) {
        maxGap = g.ms();
        limitAtMax = limit;
      }
      if (g.ms() > limit) {
        late.add(g);
      }
    }
    double limitShown = maxGap > 0 ? limitAtMax : tightest == Double.MAX_VALUE ? 0 : tightest;
    boolean kept = ratio >= 0.95 && worst <= 1.0 && late.isEmpty();
    String note = String.format(Locale.ROOT,
        "the generator started %,d of %,.0f scheduled users (%.1f %%); largest backlog behind schedule %.2f s"
            + " (%.2f s beyond the random-arrival noise); longest gap between arrivals %.0f ms (limit %.0f ms)%s",
        arrivals, scheduled, ratio * 100, worstRaw, Math.max(0, worst), maxGap, limitShown,
        kept ? "" : ": the load generator did not keep the schedule"
            + (late.isEmpty() ? "" : " (no user started in " + String.join(", ", late.stream().map(GeneratorHealth.Span::seconds).toList()) + ")")
            + ", so latencies may be understated");
    return new Schedule(kept, round3(ratio * 100), round3(worstRaw), round3(Math.max(0, worst)), round3(maxGap), round3(limitShown),
        late, note, sent);
  }

  /**
   * The longest gap (ms) a Poisson stream of {@code total} arrivals shows with probability {@link
   * #GAP_FALSE_ALARM}, at the lowest scheduled rate of the seconds the gap covers; NaN where no
   * arrival was scheduled in them.
   */
  public static double gapLimitMs(LoadPlan plan, double duration, double total, GeneratorHealth.Span g) {
    if (g.startS() >= duration) {
      return Double.NaN;
    }
    double rate = Double.MAX_VALUE;
    for (int t = (int) Math.floor(g.startS()); t <= (int) Math.min(Math.floor(g.endS()), duration - 1); t++) {
      double r = plan.scheduledArrivals(t);
      if (r > 0) {
        rate = Math.min(rate, r);
      }
    }
    if (rate == Double.MAX_VALUE) {
      return Double.NaN;
    }
    return Math.log(Math.max(1, total) / GAP_FALSE_ALARM) / rate * 1000;
  }

  public static List<Load.Step> steps(LoadPlan plan, LoadRecorder r) {
    List<Load.Step> out = new ArrayList<>();
    double stepSeconds = plan.duration().toMillis() / 1000.0;
    for (Map.Entry<Integer, LoadRecorder.Series> e : r.steps().entrySet()) {
      if (e.getKey() >= plan.steps().size()) {
        continue; // users that arrived after the last step (none are scheduled there)
      }
      LoadRecorder.Series s = e.getValue();
      Histogram h = s.histogram;
      boolean any = h.getTotalCount() > 0;
      out.add(new Load.Step(plan.steps().get(e.getKey()), s.requests, s.ko, (s.requests - s.ko) / stepSeconds,
          any ? Histograms.ms(h, 50) : 0, any ? Histograms.ms(h, 95) : 0,
          any ? Histograms.ms(h, 99) : 0, any ? Histograms.ms(h, 100) : 0));
    }
    return out;
  }

  public static Endpoint endpoint(String name, String group, long requests, long ko, Histogram ok, Histogram all, double duration,
      Map<String, Long> koByStatus, Intervals intervals) {
    boolean any = ok.getTotalCount() > 0;
    boolean anyAll = all.getTotalCount() > 0;
    LatencySummary everything = new LatencySummary(requests, anyAll ? mean(all) : 0, anyAll ? Histograms.ms(all, 50) : 0,
        anyAll ? Histograms.ms(all, 95) : 0, anyAll ? Histograms.ms(all, 99) : 0, anyAll ? Histograms.ms(all, 100) : 0,
        anyAll ? Histograms.encode(all) : null);
    return new Endpoint(
        name,
        group,
        requests,
        ko,
        requests / duration,
        any ? mean(ok) : 0,
        any ? Histograms.ms(ok, 50) : 0,
        any ? Histograms.ms(ok, 95) : 0,
        any ? Histograms.ms(ok, 99) : 0,
        any ? Histograms.ms(ok, 100) : 0,
        Histograms.encode(ok),
        new TreeMap<>(koByStatus),
        everything,
        intervals);
  }

  /** The mean of whole-ms values, to the microsecond (a mean has finer resolution than its values). */
  private static double mean(Histogram h) {
    return Math.round(h.getMean() / 1000.0) / 1000.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
