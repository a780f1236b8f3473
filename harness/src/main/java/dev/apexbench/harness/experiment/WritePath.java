package dev.apexbench.harness.experiment;

import dev.apexbench.api.ApiProcess;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.gatling.Feeds;
import dev.apexbench.gatling.GatlingLauncher;
import dev.apexbench.gatling.LoadPlan;
import dev.apexbench.gatling.WriteMixSimulation;
import dev.apexbench.harness.load.GatlingAssertions;
import dev.apexbench.harness.run.Console;
import dev.apexbench.harness.run.LoadMapper;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.RunRecorder;
import dev.apexbench.harness.run.Session;
import dev.apexbench.reports.model.Experiment;
import dev.apexbench.reports.targets.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The write path on a variant: the api started on it, a warm-up, then write journeys only at the
 * profile's write rate (smoke 5 s, quick 15 s, full 30 s); per write endpoint its client time and
 * the db phase of the api's Server-Timing. The journeys delete what they create.
 */
final class WritePath {
  private WritePath() {}

  static List<Experiment.WriteCost> measure(Session s, RunRecorder sub, Profile profile, Targets t, Console console) throws Exception {
    Profile.LoadShape shape = profile.load();
    Duration d = Duration.ofSeconds(switch (profile.label()) {
      case "smoke" -> 5;
      case "full" -> 30;
      default -> 15;
    });
    double rate = Math.max(2, shape.writeRate());
    var writes = Feeds.writes(s.spec, 128);
    var assertions = GatlingAssertions.of(t);
    console.say(String.format(Locale.ROOT, "bench: experiment: write path, %.0f journeys/s for %d s", rate, d.toSeconds()));
    try (ApiProcess api = ApiProcess.start(s.server.connectUrl(), s.server.connectionProperties(), ApiSettings.defaults(),
        sub.dir.dir.resolve("api.log"))) {
      String base = api.baseUrl();
      GatlingLauncher.warmUp(new LoadPlan(base, 0, rate, Duration.ofSeconds(5), List.of(), Map.of(), writes, assertions),
          WriteMixSimulation.class, sub.dir.dir);
      var plan = new LoadPlan(base, 0, rate, d, List.of(), Map.of(), writes, assertions);
      var o = GatlingLauncher.run(plan, WriteMixSimulation.class, sub.dir.dir, m -> {}, false);
      var load = LoadMapper.load(profile.label(), "write", plan, o);
      List<Experiment.WriteCost> out = new ArrayList<>();
      for (var e : load.endpoints()) {
        var b = e.breakdown();
        var db = b == null ? null : b.phase("db");
        out.add(new Experiment.WriteCost(e.name(), e.requests(), e.ko(), e.p50Ms(), e.p95Ms(), db == null ? null : db.meanMs(),
            db == null ? null : db.p50Ms(), db == null ? null : db.p95Ms()));
      }
      return out;
    }
  }
}
