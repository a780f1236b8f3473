package dev.apexbench.cli;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.BenchException;
import dev.apexbench.harness.load.TargetApi;
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
      "then bisected. Reports the max sustainable rate, each endpoint group's knee, the bottleneck from the",
      "Server-Timing phases and the pool's acquire timer, and the Universal Scalability Law fitted to a",
      "closed-model concurrency sweep; then the catalog at other data scales."
    })
final class CapacityCommand implements Callable<Integer>, ShowsTable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
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

  @Option(names = "--target-url", paramLabel = "URL", converter = LoadConverters.UrlConverter.class,
      description = "Measure a deployment with the api's contract (or the reference server, bench reference) instead of starting the api:"
          + " HTTP only, the dataset from its GET /dataset (or --scale and --seed); add --db with its database to sample it too.")
  java.net.URI targetUrl;

  @Option(names = "--honour-accepted", description = "Let the breaches accepted in the targets file pass inside the search, as the gate"
      + " does. By default every breach fails a step: an accepted breach at today's rate says nothing of a higher one.")
  boolean honourAccepted;

  @Option(names = "--warmup", paramLabel = "D", converter = LoadConverters.DurationConverter.class,
      description = "The unrecorded warm-up before the first step, e.g. 5s. Default: the profile's.")
  java.time.Duration warmup;

  @Option(names = "--bisections", paramLabel = "N", description = "Steps spent between the last pass and the first failure, 0 to 6."
      + " Default: the profile's (smoke 1, quick 2, full 3).")
  Integer bisections;

  @Option(names = "--usl-concurrency", paramLabel = "N1,N2,...|none",
      description = "The closed-model sweep the USL is fitted to: point reads kept in flight at each of these counts (at least 6, past the"
          + " peak). Default: smoke 1,2,4,8,16,32; quick 1,2,4,6,8,12,16,24,32; full up to 64.")
  String uslConcurrency;

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
    if (bisections != null && (bisections < 0 || bisections > 6)) {
      throw BenchException.usage("--bisections: " + bisections + " is not allowed (allowed: 0 to 6)");
    }
    List<Integer> usl = uslConcurrency(uslConcurrency != null ? uslConcurrency : null);
    Path reportsRoot = output.reportsRoot(ws);
    // with --target-url the capacity search needs only HTTP: the database is opened only when named explicitly
    boolean withDb = targetUrl == null || ServedDataset.explicit(spec, "--db");
    if (!withDb && scales != null && !scaleList.isEmpty()) {
      throw BenchException.usage("--scales: measuring data scales needs the database; with --target-url add --db with its database"
          + " (allowed: --scales none)");
    }
    DatasetSpec served = null;
    if (targetUrl != null) {
      TargetApi.checkHealth(targetUrl.toString());
      if (!withDb) {
        served = ServedDataset.of(spec, data, targetUrl.toString());
        scaleList = List.of();
      }
    }
    CapacityRequest req = new CapacityRequest(profile, startRate, maxRate, stepDuration, poolSize, scaleList, queries, targetUrl,
        honourAccepted, warmup, usl, bisections);
    return Reporting.exitCode(CapacityRun.run(ws, withDb ? db.session(data) : null, served, req, t, reportsRoot));
  }

  /** --usl-concurrency: at least six counts of 1 to 1024, rising; "none" leaves the sweep out. */
  private List<Integer> uslConcurrency(String text) {
    if (text == null) {
      return CapacityRequest.defaultUslConcurrency(profile);
    }
    if (text.strip().equals("none")) {
      return List.of();
    }
    List<Integer> out = new java.util.ArrayList<>();
    for (String part : text.split(",")) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n >= 1 && n <= 1024 && (out.isEmpty() || n > out.get(out.size() - 1))) {
          out.add(n);
          continue;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw BenchException.usage("--usl-concurrency: '" + part.strip() + "' is not allowed (allowed: rising counts of 1 to 1024, e.g."
          + " 1,2,4,8,16,32, or none)");
    }
    if (out.size() < dev.apexbench.harness.capacity.Usl.MIN_POINTS) {
      throw BenchException.usage("--usl-concurrency: " + text + " has " + out.size() + " counts (allowed: at least "
          + dev.apexbench.harness.capacity.Usl.MIN_POINTS + ", or none)");
    }
    return out;
  }

  @Override
  public void table(Results r, PrintWriter out) {
    PlanningTables.capacity(out, r.capacity());
  }
}
