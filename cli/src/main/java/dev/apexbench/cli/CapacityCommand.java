package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.Provider;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.harness.capacity.CapacityRequest;
import dev.apexbench.harness.capacity.CapacityRun;
import dev.apexbench.harness.capacity.GrowthFit;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Reporting;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench capacity}: the highest request rate the stack sustains within the load targets, and what limits it. */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find the highest request rate the stack sustains within every load target: the full mix (reads and",
      "write journeys in the profile's proportion) at a rate multiplied per step until a load target fails,",
      "then bisected. Reports the max sustainable rate, the knee, the bottleneck from evidence (pool, api",
      "CPU, database, load generator) and the Universal Scalability Law fitted to the steps."
    })
final class CapacityCommand implements Callable<Integer>, ShowsTable {
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--profile", paramLabel = "smoke|quick|full", defaultValue = "quick", converter = ProfileConverter.class,
      description = "smoke: 5 s steps, one bisection (about 1 min); quick: 15 s steps, two (about 4 min); full: 30 s steps, three"
          + " (about 8-10 min). Default: ${DEFAULT-VALUE}.")
  Profile profile;

  @Option(names = "--start-rate", paramLabel = "RPS", converter = LoadConverters.RateConverter.class,
      description = "The first step's offered request rate (reads and writes). Default: the profile's load rate.")
  Double startRate;

  @Option(names = "--max-rate", paramLabel = "RPS", defaultValue = "5000", converter = LoadConverters.RateConverter.class,
      description = "No step offers more. Default: ${DEFAULT-VALUE}.")
  double maxRate;

  @Option(names = "--step-duration", paramLabel = "D", converter = LoadConverters.DurationConverter.class,
      description = "How long each step holds its rate, e.g. 20s. Default: the profile's.")
  Duration stepDuration;

  @Option(names = "--pool-size", paramLabel = "N", defaultValue = "10", converter = LoadConverters.PoolSizeConverter.class,
      description = "The started api's HikariCP pool size, 1 to 90. Default: ${DEFAULT-VALUE}.")
  int poolSize;

  @Option(names = "--scales", paramLabel = "S1,S2,...|none",
      description = "Also measure the catalog (JMH, short iterations) at these data scales, one after the other, and fit how each query"
          + " grows and where it would breach its target. Default: smoke 0.1,1; quick 0.1,1,10; full 0.1,1,10,30 (30: about 1M events).")
  String scales;

  @Option(names = "--queries", paramLabel = "GLOB", description = "For --scales: the catalog queries to measure (e.g. 'jsonb.*,simple.by_etag'). Default: all.")
  String queries;

  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    db.spec();
    Targets t = targets.load(ws.home());
    if (startRate != null && startRate > maxRate) {
      throw BenchException.usage("--start-rate: " + Fmt.plain(startRate) + " is above --max-rate " + Fmt.plain(maxRate)
          + " (allowed: a start rate at most the maximum)");
    }
    String scaleText = scales != null ? scales : CapacityRequest.defaultScales(profile);
    List<Double> scaleList = scaleText.strip().equals("none") ? List.of() : GrowthFit.parseScales(scaleText);
    QueryCatalog.select(queries);
    if (!scaleList.isEmpty() && db.spec().provider() == Provider.EXTERNAL && !db.reset) {
      throw BenchException.usage("--scales: measuring other data scales rebuilds the harness schema (apex_bench) for each,"
          + " which on a server the harness does not own it does only when told (allowed: add --reset, or --scales none)");
    }
    Path reportsRoot = output.reportsRoot(ws);
    CapacityRequest req = new CapacityRequest(profile, startRate, maxRate, stepDuration, poolSize, scaleList, queries);
    return Reporting.exitCode(CapacityRun.run(ws, db.session(data), req, t, reportsRoot));
  }

  @Override
  public void table(Results r, PrintWriter out) {
    PlanningTables.capacity(out, r.capacity());
  }
}
