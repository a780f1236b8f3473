package dev.apexbench.reports.targets;

import dev.apexbench.reports.model.Breakdown;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.GeneratorHealth;
import dev.apexbench.reports.model.Schedule;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Load targets: error rate on the total and per endpoint group, latency per group, the sustained
 * rate (achieved / scheduled) and achieved rate on the total, and the load generator's own health:
 * its longest pause and whether it kept its schedule. A generator that stalls sends the requests
 * due in the stall late and times them from their late start, so the latencies cannot show it:
 * these two targets do.
 */
final class LoadTargets {

  private LoadTargets() {}

  static List<TargetResult> evaluate(Load load, Targets t) {
    List<TargetResult> out = new ArrayList<>();
    List<Endpoint> endpoints = load == null || load.endpoints() == null ? List.of() : load.endpoints();
    if (load == null || (endpoints.isEmpty() && (load.total() == null || load.total().requests() == 0))) {
      return out; // no load phase, or one that recorded nothing at all (its phase status says why)
    }
    long requests = load.total() != null ? load.total().requests() : endpoints.stream().mapToLong(Endpoint::requests).sum();
    long ko = load.total() != null ? load.total().ko() : endpoints.stream().mapToLong(Endpoint::ko).sum();
    if (t.loadErrorRate() != null) {
      out.add(errorRate("total", requests, ko, t.loadErrorRate()));
    }
    for (Map.Entry<String, List<Endpoint>> g : load.endpointsByGroup().entrySet()) {
      if (g.getValue().stream().mapToLong(Endpoint::requests).sum() == 0) {
        continue; // the profile sent this group nothing: not measured, so not judged
      }
      Limit latency = t.loadGroups().get(g.getKey());
      if (latency != null) {
        out.add(latency(g.getKey(), g.getValue(), latency));
      }
      phases(g.getKey(), load, t, out);
      if (t.loadErrorRate() != null) {
        long r = g.getValue().stream().mapToLong(Endpoint::requests).sum();
        long k = g.getValue().stream().mapToLong(Endpoint::ko).sum();
        out.add(errorRate(g.getKey(), r, k, t.loadErrorRate()));
      }
    }
    if (t.sustainedRate() != null && load.scheduledRps() > 0) { // a closed model schedules no rate to sustain
      // against what the generator sent in the window: its Poisson arrivals send a random share of the schedule (at 40
      // requests a step, one standard deviation is 16 %), which schedule_kept judges; this judges whether the stack answered
      // them within the window. The requests of the users who arrived in the window (a write journey's user sends several) and
      // the responses completed are counted in the same seconds of the recorder's clock (Gatling starts injecting a little after its second 0), so a server that keeps up loses only the requests in
      // flight when the window closes. The responses recorded are no measure of what was sent: they include a backlog
      // answered after the window.
      Schedule sch = load.schedule();
      double sentRps = sch != null && sch.sentInWindow() != null && sch.sentInWindow() > 0 && load.durationSeconds() > 0
          ? sch.sentInWindow() / load.durationSeconds()
          : sch != null && sch.startedPct() > 0 ? load.scheduledRps() * sch.startedPct() / 100
          : requests > 0 && load.durationSeconds() > 0 ? requests / load.durationSeconds() : load.scheduledRps();
      Double actual = Limit.percent(load.achievedRps() / sentRps);
      String detail = "achieved " + Fmt.withUnit(load.achievedRps(), "rps") + " of " + Fmt.withUnit(Math.round(sentRps * 10) / 10.0, "rps")
          + " sent (" + Fmt.withUnit(load.scheduledRps(), "rps") + " scheduled)"
          + (load.rateNote() == null || load.rateNote().isBlank() ? "" : "; " + load.rateNote());
      out.add(row("total", "sustained_rate_pct", t.sustainedRate(), actual, null, "%", detail));
    }
    generator(load, t, out);
    pool(load, t, out);
    if (t.achievedRps() != null) {
      out.add(row("total", "achieved_rps", t.achievedRps(), load.achievedRps(), null, "rps",
          "over " + Fmt.withUnit(load.durationSeconds(), "s")));
    }
    return out;
  }

  /** The api's pool over the load: its utilisation and the threads that waited for a connection. */
  private static void pool(Load load, Targets t, List<TargetResult> out) {
    Load.PoolHealth p = load.pool();
    String missing = "the api's pool was not sampled (an api without HikariCP metrics at /metrics)";
    if (t.poolUtilization() != null) {
      Limit l = t.poolUtilization();
      Double actual = p == null ? null : switch (l.statistic()) {
        case P50 -> p.utilizationP50Pct();
        case MAX -> p.utilizationMaxPct();
        default -> p.utilizationP95Pct();
      };
      out.add(row("pool", "pool_utilization_" + l.statistic().key() + "_pct", l, actual, null, "%", p == null ? missing
          : "active / max connections (" + Fmt.plain(p.max()) + ") over " + p.samples() + " samples, one a second: p50 "
              + Fmt.pct(p.utilizationP50Pct()) + ", p95 " + Fmt.pct(p.utilizationP95Pct()) + ", max " + Fmt.pct(p.utilizationMaxPct())));
    }
    if (t.poolPendingMax() != null) {
      Double actual = p == null ? null : (double) p.pendingMax();
      boolean pass = actual != null && actual <= t.poolPendingMax();
      out.add(new TargetResult("load pool pool_pending_max", "load", "pool", "pool_pending_max", "<=", t.poolPendingMax(), actual, null, "",
          pass, p == null ? missing : "the most threads waiting for a connection at a sample, over " + p.samples() + " samples"));
    }
  }

  private static void generator(Load load, Targets t, List<TargetResult> out) {
    if (t.generatorMaxPause() != null) {
      Limit l = t.generatorMaxPause();
      GeneratorHealth g = load.generatorHiccups();
      Double actual = g == null || g.samples() == 0 ? null : g.maxMs();
      String detail;
      if (actual == null) {
        detail = "the generator's pauses were not measured in this run";
      } else {
        List<String> over = g.pauses() == null ? List.of()
            : g.pauses().stream().filter(p -> !l.test(p.ms())).map(p -> Fmt.ms(p.ms()) + " at " + p.seconds()).toList();
        detail = "longest pause of the load generator's JVM (" + g.samples() + " wake-ups measured, p99 " + Fmt.ms(g.p99Ms()) + ")"
            + (over.isEmpty() ? "" : "; pauses over the limit: " + String.join(", ", over) + " of the load timeline");
      }
      out.add(row("generator", "generator_max_pause_ms", l, actual, null, "ms", detail));
    }
    if (t.scheduleKept()) {
      Schedule s = load.schedule();
      boolean known = s != null;
      boolean kept = known ? s.kept() : load.rateKept();
      String detail = known ? s.note() : load.rateNote() == null ? "" : load.rateNote();
      out.add(new TargetResult("load generator schedule_kept", "load", "generator", "schedule_kept", ">=", 1, kept ? 1.0 : 0.0,
          null, "", kept, detail));
    }
  }

  /**
   * The group's limits on parts of a request's time: judged on its breakdown (the api's
   * Server-Timing header); an api that sent none fails them, since what they guard cannot be seen.
   */
  private static void phases(String group, Load load, Targets t, List<TargetResult> out) {
    if (t.loadPhases() == null) {
      return;
    }
    Breakdown b = load.breakdown() == null ? null : load.breakdown().get(group);
    for (Map.Entry<String, Limit> p : t.loadPhases().entrySet()) {
      Limit l = p.getValue();
      Breakdown.PhaseStats ps = b == null ? null : b.phase(p.getKey());
      Double actual = ps == null ? null : switch (l.statistic()) {
        case MEAN -> ps.meanMs();
        case P50 -> ps.p50Ms();
        case P95 -> ps.p95Ms();
        case P99 -> ps.p99Ms();
        case MAX -> ps.maxMs();
        default -> null;
      };
      String detail = ps == null
          ? "the api sent no Server-Timing header, so where the time went is not known"
          : p.getKey() + " is " + Math.round(ps.share() * 100) + " % of the mean request (" + Fmt.ms(ps.meanMs()) + " of "
              + Fmt.ms(b.client().meanMs()) + "), p95 " + Fmt.ms(ps.p95Ms()) + "; " + b.timed() + " requests timed";
      out.add(row(group, p.getKey() + "_" + l.statistic().metric(), l, actual, ps == null ? null : ps.meanMs(), "ms", detail));
    }
  }

  private static TargetResult latency(String group, List<Endpoint> endpoints, Limit limit) {
    GroupLatency gl = GroupLatency.of(endpoints, limit.statistic());
    return row(group, limit.statistic().metric(), limit, gl.value(), gl.meanMs(), "ms", gl.how());
  }

  private static TargetResult errorRate(String subject, long requests, long ko, Limit limit) {
    Double actual = requests == 0 ? null : Limit.percent((double) ko / requests);
    String detail = requests == 0 ? "no request completed" : ko + " of " + requests + " requests failed";
    return row(subject, "error_rate_pct", limit, actual, null, "%", detail);
  }

  private static TargetResult row(String subject, String metric, Limit l, Double actual, Double mean, String unit, String detail) {
    boolean pass = actual != null && l.test(actual);
    String d = pass || actual == null ? detail : Fmt.withUnit(actual, unit) + " vs limit " + l.describe() + "; " + detail;
    return new TargetResult("load " + subject + " " + metric, "load", subject, metric, l.op().symbol(), l.value(), actual,
        mean, unit, pass, d);
  }
}
