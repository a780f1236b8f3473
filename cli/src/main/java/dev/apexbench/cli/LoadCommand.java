package dev.apexbench.cli;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.BenchException;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.Load;
import java.io.PrintWriter;
import java.nio.file.Path;
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
  @Mixin CacheOptions cache;
  @Mixin TargetsOptions targets;
  @Mixin OutputOptions output;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Bench.configureLogging(common.verbose);
    db.spec();
    checkInjectorOptions(load, cache.prewarm());
    load.targetsFile = targets.file;
    var t = targets.load();
    Reporting.judgeWith(t);
    Reporting.jsonOutput(output.json);
    Path reportsRoot = output.reportsRoot();
    Reporting.installInterruptHook(spec.commandLine().getOut());
    // with --target-url the load needs only HTTP: the database is opened only when named explicitly
    // an injector opens the database only when told to by --db (APEX_BENCH_DB exported on its machine is not enough)
    boolean withDb = load.targetUrl == null || explicit("--db") || (System.getenv("APEX_BENCH_DB") != null && load.injector == null);
    if (load.mvRefresh != null && !withDb) {
      throw BenchException.usage("--mv-refresh: refreshing the view needs the database; with --target-url add --db with its database"
          + " (allowed: --mv-refresh with a database, or without it)");
    }
    DatasetSpec dataset = null;
    if (load.targetUrl != null) {
      LoadPhase.checkHealth(load.targetUrl.toString());
      if (!withDb) {
        dataset = servedDataset(load.targetUrl.toString());
      }
    }
    dev.apexbench.reports.model.Results r;
    Console console = new Console(spec.commandLine().getErr(), false);
    RunRecorder rec = new RunRecorder(RunDirectory.create(reportsRoot, "load", profile.label()), "load", profile.label());
    rec.settings.put("profile", profile.label());
    try {
      if (withDb) {
        try (Session s = rec.phase("provision+seed", () -> Session.open(db, data, console))) {
          s.describeInto(rec);
          LoadPhase.Measured m = rec.phase("load", () -> LoadPhase.run(s, s.spec, rec, profile, load, TargetsOptions.gatlingAssertions(t),
              cache.prewarm(), console));
          rec.load = m.load();
          rec.database = RunCommand.database(Map.of("load", m.window()), m.cache());
        }
      } else {
        DatasetSpec d = dataset;
        rec.scale = d.scale();
        rec.seed = d.seed();
        rec.settings.put("scale", d.scale().stripTrailingZeros());
        rec.settings.put("seed", d.seed());
        rec.settings.put("db", "(not connected: the load needs only HTTP; pass --db to sample the database too)");
        console.say("bench: load against " + load.targetUrl + " (dataset scale " + d.scaleText() + ", seed " + d.seed()
            + "; no database connection)");
        LoadPhase.Measured m = rec.phase("load", () -> LoadPhase.run(null, d, rec, profile, load, TargetsOptions.gatlingAssertions(t),
            cache.prewarm(), console));
        rec.load = m.load();
      }
      if (!output.json) {
        printTable(spec.commandLine().getOut(), rec.load);
      }
    } finally {
      r = Reporting.finish(rec, t, null, spec.commandLine().getOut(), console);
    }
    int rc = Reporting.exitCode(r);
    if (load.injector != null && rc == 1) {
      // an injector's share alone is not the load: the merge judges the run (and a Kubernetes Job must not fail over it)
      console.say("bench: injector " + load.injector.label() + ": its own targets failed (see its report); the load is judged when"
          + " the injectors are merged (bench merge), so this injector exits 0");
      return 0;
    }
    return rc;
  }

  /** --injector, --start-at and --injectors: what they combine with (one line, exit 2, before any work). */
  static void checkInjectorOptions(LoadOptions load, boolean prewarm) {
    boolean split = load.injector != null || load.injectors != null;
    if (load.injector != null && load.injectors != null) {
      throw BenchException.usage("--injectors: not with --injector " + load.injector.label() + " (allowed: --injector K/N for one injector"
          + " of a distributed run, or --injectors N to run N here)");
    }
    if (load.injector != null && load.targetUrl == null) {
      throw BenchException.usage("--injector " + load.injector.label() + ": needs --target-url (allowed: injectors load a deployment by URL;"
          + " --injectors N starts the api and N injectors here)");
    }
    if (load.startAt != null && load.injector == null) {
      throw BenchException.usage("--start-at " + load.startAt + ": only with --injector K/N (allowed: --injector K/N --start-at INSTANT)");
    }
    if (split && (load.simulation == LoadOptions.Sim.SWEEP || load.simulation == LoadOptions.Sim.POINT)) {
      throw BenchException.usage("--simulation " + load.simulation.label + ": not with injectors (allowed with --injector/--injectors: full,"
          + " read, write)");
    }
    if (load.injectors != null && !prewarm) {
      throw BenchException.usage("--no-prewarm: not with --injectors (their warm-ups fill the cache before the recorded load; allowed:"
          + " one or the other)");
    }
    if (split && load.mvRefresh != null) {
      throw BenchException.usage("--mv-refresh: not with injectors (allowed: --mv-refresh on a single-injector load)");
    }
    if (load.startAt != null) {
      java.time.Instant now = java.time.Instant.now();
      if (load.startAt.isBefore(now.minusSeconds(60)) || load.startAt.isAfter(now.plus(java.time.Duration.ofDays(1)))) {
        throw BenchException.usage("--start-at: " + load.startAt + " is not allowed (allowed: an instant from one minute ago to one day"
            + " ahead; now is " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
      }
    }
  }

  private boolean explicit(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * The dataset the target serves: --scale/--seed when given, else what its {@code GET /dataset}
   * says; both given and different is an error (the requests would miss the rows).
   */
  private DatasetSpec servedDataset(String base) {
    java.util.Optional<DatasetSpec> served = LoadPhase.datasetOf(base);
    boolean given = explicit("--scale") || explicit("--seed");
    if (given) {
      DatasetSpec mine = data.spec();
      served.filter(d -> d.scale().compareTo(mine.scale()) != 0 || d.seed() != mine.seed()).ifPresent(d -> {
        throw BenchException.usage("--scale/--seed: " + base + " serves the dataset of scale " + d.scaleText() + ", seed " + d.seed()
            + ", not scale " + mine.scaleText() + ", seed " + mine.seed() + " (allowed: leave them out, or give the served ones)");
      });
      return mine;
    }
    return served.orElseThrow(() -> BenchException.usage("--target-url: " + base + "/dataset does not say which dataset it serves;"
        + " pass --scale and --seed (the ones it was seeded with), or --db with its database"));
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
