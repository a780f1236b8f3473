package dev.apexbench.cli;

import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench load}: Gatling against the api (started here unless --target-url). */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Drive the full stack with Gatling (open workload model): the dashboard read mix and write journeys",
      "against the api, started in its own JVM unless --target-url names a deployment with the same",
      "contract. Writes reports/<run-id>/results.json (load, database) and Gatling's report in gatling/."
    })
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = Profile.Converter.class,
      description = "smoke: 10 s at 20 users/s; quick: 60 s at 50 users/s; full: 300 s at 100 users/s. Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Mixin LoadOptions load;
  @Mixin TargetsOptions targets;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    db.spec();
    var t = targets.load();
    if (load.targetUrl != null) {
      LoadPhase.checkHealth(load.targetUrl.toString());
    }
    dev.apexbench.reports.model.Results r;
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(RunDirectory.reportsRoot(), "load", profile.label()), "load", profile.label());
    rec.settings.put("profile", profile.label());
    try (Session s = rec.phase("provision+seed", () -> Session.open(db, data, console))) {
      s.describeInto(rec);
      LoadPhase.Measured m = rec.phase("load", () -> LoadPhase.run(s, rec, profile, load, TargetsOptions.gatlingAssertions(t), console));
      rec.load = m.load();
      rec.database = new Database(m.window().indexHitRate(), m.window().cacheHitRate(), m.window().indexScanRatio(), Map.of("load", ResultsMapper.window(m.window())));
      printTable(spec.commandLine().getOut(), rec.load);
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    return Reporting.exitCode(r);
  }

  static void printTable(PrintWriter out, Load l) {
    out.printf(Locale.ROOT, "%-48s %-12s %9s %6s %8s %8s %8s %8s %8s%n", "endpoint", "group", "requests", "ko", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms");
    List<Endpoint> rows = new ArrayList<>(l.endpoints());
    rows.add(l.total());
    for (Endpoint e : rows) {
      out.printf(Locale.ROOT, "%-48s %-12s %9d %6d %8.1f %8.1f %8.1f %8.1f %8.1f%n", ExplainCommand.truncate(e.name(), 48), e.group(), e.requests(), e.ko(), e.rps(),
          e.p50Ms(), e.p95Ms(), e.p99Ms(), e.maxMs());
    }
    if (l.total().ko() > 0) {
      out.println("failed requests by answer: " + l.total().koByStatus());
    }
    out.printf(Locale.ROOT, "scheduled %.1f req/s, achieved %.1f req/s; %s%n", l.scheduledRps(), l.achievedRps(), l.rateNote());
    if (l.gatlingReport() != null) {
      out.println("Gatling's report: " + l.gatlingReport() + " (in the run directory)");
    }
    out.flush();
  }
}
