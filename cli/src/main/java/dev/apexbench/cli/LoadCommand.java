package dev.apexbench.cli;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.BenchException;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.LoadRun;
import dev.apexbench.harness.load.TargetApi;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
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
final class LoadCommand implements Callable<Integer>, ShowsTable {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = ProfileConverter.class,
      description = "smoke: 10 s at 20 users/s; quick: 60 s at 50 users/s; full: 300 s at 100 users/s. Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Mixin LoadOptions load;
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    db.spec();
    LoadRequest req = load.request(profile, cache.prewarm(), targets.file);
    Targets t = targets.load(ws.home());
    Path reportsRoot = output.reportsRoot(ws);
    // with --target-url the load needs only HTTP: the database is opened only when named explicitly
    // an injector opens the database only when told to by --db (APEX_BENCH_DB exported on its machine is not enough)
    boolean withDb = load.targetUrl == null || explicit("--db") || (System.getenv("APEX_BENCH_DB") != null && load.injector == null);
    if (load.mvRefresh != null && !withDb) {
      throw BenchException.usage("--mv-refresh: refreshing the view needs the database; with --target-url add --db with its database"
          + " (allowed: --mv-refresh with a database, or without it)");
    }
    DatasetSpec served = null;
    if (load.targetUrl != null) {
      TargetApi.checkHealth(load.targetUrl.toString());
      if (!withDb) {
        served = ServedDataset.of(spec, data, load.targetUrl.toString());
      }
    }
    Results r = LoadRun.run(ws, withDb ? db.session(data) : null, served, req, t, reportsRoot);
    int rc = Reporting.exitCode(r);
    if (load.injector != null && rc == 1) {
      // an injector's share alone is not the load: the merge judges the run (and a Kubernetes Job must not fail over it)
      ws.console().say("bench: injector " + load.injector.label() + ": its own targets failed (see its report); the load is judged when"
          + " the injectors are merged (bench merge), so this injector exits 0");
      return 0;
    }
    return rc;
  }

  @Override
  public void table(Results r, PrintWriter out) {
    Tables.load(out, r);
  }

  private boolean explicit(String option) {
    return ServedDataset.explicit(spec, option);
  }
}
