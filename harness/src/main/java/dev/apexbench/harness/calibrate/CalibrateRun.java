package dev.apexbench.harness.calibrate;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.harness.Pipeline;
import dev.apexbench.harness.RunRequest;
import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.load.LoadRun;
import dev.apexbench.harness.load.Simulation;
import dev.apexbench.harness.reference.ReferenceServer;
import dev.apexbench.harness.reference.ReferenceSettings;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.Workspace;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.ResultsIO;
import dev.apexbench.reports.calibrate.CalibrationIO;
import dev.apexbench.reports.calibrate.Calibrator;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Load;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import dev.apexbench.reports.write.CalibrationReport;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code bench calibrate}: K runs of one build on one dataset (bench run's pipeline, kept under
 * {@code <out>/calibration-runs/}), every stored run of the same build and comparability key
 * compared pairwise ({@link Calibrator}), the gate's power against the reference server's injected
 * slowdowns, and the load generator's ceiling on this machine. Writes calibration.json, index.html
 * and summary.md to {@code <out>/<time>-calibrate-<profile>/}, and a copy of calibration.json to
 * the state directory, where load and capacity look for this machine's generator ceiling.
 */
public final class CalibrateRun {
  private CalibrateRun() {}

  /**
   * @param run each null run's request (its reportsRoot is where the runs are stored)
   * @param runs how many runs to make now (0: only recompute from the stored runs)
   * @param referenceRuns runs per injected slowdown of the reference server (0: leave the power out)
   * @param ceiling measure the generator's ceiling
   * @param falseAlarmPct the gate-level false-alarm rate the recommendations aim at, %
   * @param out where the calibration's directory goes
   */
  public record Request(RunRequest run, int runs, int referenceRuns, Duration referenceDuration, boolean ceiling, double falseAlarmPct,
      CompareOptions today, Path out) {}

  /** The calibration and where it was written. */
  public record Outcome(Calibration calibration, Path dir) {}

  /** The reference server's slowdowns whose detection is measured, %. */
  static final double[] SLOWDOWNS = {0, 5, 10, 20};
  /** The reference server for the power: 8 workers, exponential service of mean 10 ms, a quarter loaded at 200 requests/s. */
  static final int POWER_WORKERS = 8;
  static final Duration POWER_SERVICE = Duration.ofMillis(10);
  static final double POWER_RATE = 200;
  /** The ceiling's steps: this long each, starting here and doubling. */
  static final Duration CEILING_STEP = Duration.ofSeconds(5);
  static final double CEILING_START = 250;
  static final double CEILING_MAX = 8000;
  static final double CEILING_MAX_PAUSE_MS = 200;
  static final DatasetSpec REFERENCE_DATA = new DatasetSpec(new BigDecimal("0.1"), 42);

  public static Outcome run(Workspace ws, Request req) throws Exception {
    Path store = req.run().reportsRoot();
    List<Results> made = new ArrayList<>();
    for (int i = 1; i <= req.runs(); i++) {
      ws.console().say(String.format(Locale.ROOT, "bench: calibrate: run %d of %d", i, req.runs()));
      made.add(new Pipeline(ws, req.run()).run());
    }
    List<Results> all = stored(store, made.isEmpty() ? null : made.get(0), ws);
    if (all.size() < 2) {
      throw new ReportsException("calibrate: " + all.size() + " comparable run(s) of this build under " + store
          + " (allowed: 2 or more; pass --runs 2 or more)");
    }
    ws.console().say("bench: calibrate: comparing every pair of " + all.size() + " runs of this build (" + all.size() * (all.size() - 1) / 2
        + " pairs)");
    Calibration c = Calibrator.calibrate(all, req.today(), req.falseAlarmPct());
    if (req.referenceRuns() > 0) {
      c = c.withPower(power(ws, req.referenceRuns(), req.referenceDuration(), req.today()));
    }
    if (req.ceiling()) {
      c = c.withCeiling(ceiling(ws));
    }
    c = c.withSummary(Calibrator.summary(c));
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    Path dir = req.out().resolve(stamp + "-calibrate-" + c.profile());
    CalibrationIO.write(dir, c);
    dev.apexbench.reports.write.ReportWriter.write(dir.resolve("index.html"), CalibrationReport.render(c));
    dev.apexbench.reports.write.ReportWriter.write(dir.resolve("summary.md"), CalibrationReport.markdown(c));
    CalibrationIO.write(ws.stateDir(), keepCeiling(ws.stateDir(), c)); // this machine's latest: load and capacity read its ceiling
    ws.console().say("bench: calibrate: " + c.summary());
    return new Outcome(c, dir);
  }

  /** The calibration for the state directory: a calibration without a ceiling keeps the one measured before on this machine kind. */
  static Calibration keepCeiling(Path stateDir, Calibration c) {
    if (c.ceiling() != null || !Files.isRegularFile(stateDir.resolve(CalibrationIO.FILE_NAME))) {
      return c;
    }
    try {
      Calibration before = CalibrationIO.read(stateDir);
      return before.ceiling() == null ? c : c.withCeiling(before.ceiling());
    } catch (ReportsException e) {
      return c;
    }
  }

  /**
   * The stored runs comparable with {@code first} (same comparability key) and of the same build
   * (git commit, and not a dirty working tree unless it is one of this invocation's runs); with no
   * new run, the newest stored run decides the key.
   */
  static List<Results> stored(Path store, Results first, Workspace ws) throws Exception {
    List<Results> runs = new ArrayList<>();
    if (!Files.isDirectory(store)) {
      return runs;
    }
    try (Stream<Path> dirs = Files.list(store)) {
      for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve(ResultsIO.FILE_NAME)) && !Files.isSymbolicLink(p)).sorted().toList()) {
        try {
          runs.add(ResultsIO.read(d));
        } catch (ReportsException e) {
          ws.console().say("bench: calibrate: left out " + d.getFileName() + " (" + e.getMessage() + ")");
        }
      }
    }
    runs.removeIf(r -> r.run() == null || !"pass".equals(r.verdict()) && !"fail".equals(r.verdict())); // interrupted or failed phases
    Results key = first != null ? first : runs.isEmpty() ? null : runs.get(runs.size() - 1);
    if (key == null) {
      return runs;
    }
    String k = Comparator.comparabilityKey(key);
    String commit = key.run().gitCommit();
    boolean dirty = Boolean.TRUE.equals(key.run().gitDirty());
    List<Results> out = new ArrayList<>();
    Instant since = first == null || first.run().startedAt() == null ? null : Instant.parse(first.run().startedAt());
    for (Results r : runs) {
      boolean same = k.equals(Comparator.comparabilityKey(r)) && java.util.Objects.equals(commit, r.run().gitCommit());
      // without a commit, or on a dirty tree, runs of "one build" may be different code: only this invocation's own join
      boolean known = commit != null && !dirty && !Boolean.TRUE.equals(r.run().gitDirty());
      boolean own = since != null && r.run().startedAt() != null && !Instant.parse(r.run().startedAt()).isBefore(since);
      if (same && (known || own)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The gate's power on this runner: the reference server run at 0 % (a warm-up, then the baseline),
   * then {@code per} runs at each slowdown, each compared with the baseline by today's settings.
   */
  static List<Calibration.PowerPoint> power(Workspace ws, int per, Duration duration, CompareOptions today) throws Exception {
    CompareOptions testAlone = new CompareOptions(0, 0, today.alpha(), false);
    List<Calibration.PowerPoint> out = new ArrayList<>();
    Path dir = Files.createTempDirectory(ensure(ws.stateDir()), "calibrate-power-");
    try (ReferenceServer s = ReferenceServer.start(ReferenceSettings.of(POWER_WORKERS, POWER_SERVICE, REFERENCE_DATA).exponentialService())) {
      ws.console().say("bench: calibrate: the gate's power against the reference server (" + POWER_WORKERS + " workers, exponential "
          + POWER_SERVICE.toMillis() + " ms, " + (int) POWER_RATE + " requests/s, " + duration.toSeconds() + " s per run)");
      load(ws, s, 0, Duration.ofSeconds(3), dir, "warmup"); // the JVM's first load is not measured against
      Results base = load(ws, s, 0, duration, dir, "base");
      for (double slowdown : SLOWDOWNS) {
        int metrics = 0, flagged = 0, failed = 0, alone = 0;
        double total = 0;
        for (int i = 0; i < per; i++) {
          Results r = load(ws, s, slowdown, duration, dir, "s" + (int) slowdown + "-" + i);
          Comparison c = Comparator.compare(base, r, today);
          alone += (int) Comparator.compare(base, r, testAlone).metrics().stream()
              .filter(m -> m.metric().endsWith("_ms") && Comparison.REGRESSION.equals(m.verdict())).count();
          for (Comparison.MetricChange m : c.metrics()) {
            if (m.metric().endsWith("_ms")) {
              metrics++;
              flagged += Comparison.REGRESSION.equals(m.verdict()) ? 1 : 0;
              if (m.subject().equals("load total") && m.metric().equals("p95_ms")) {
                total += m.changePct() / per;
              }
            }
          }
          failed += Comparison.REGRESSION.equals(c.verdict()) ? 1 : 0;
        }
        out.add(new Calibration.PowerPoint(slowdown, per, metrics, flagged, metrics == 0 ? 0 : Math.round(1000.0 * flagged / metrics) / 10.0,
            failed, Math.round(total * 10) / 10.0, duration.toSeconds(), metrics == 0 ? null : Math.round(1000.0 * alone / metrics) / 10.0));
        ws.console().say(String.format(Locale.ROOT, "bench: calibrate: %.0f %% slower: %d of %d latency metrics flagged (the rank test alone:"
            + " %d), gate failed %d of %d", slowdown, flagged, metrics, alone, failed, per));
      }
    } finally {
      deleteTree(dir);
    }
    return out;
  }

  private static Results load(Workspace ws, ReferenceServer s, double slowdownPct, Duration d, Path dir, String name) throws Exception {
    s.slowdown(slowdownPct);
    LoadRequest req = new LoadRequest(Profile.SMOKE, POWER_RATE, d, null, Simulation.READ, 8, false, URI.create(s.baseUrl()), 10, null, null,
        null, null, true, Duration.ofSeconds(1));
    return LoadRun.run(ws, null, REFERENCE_DATA, req, Targets.parse("version: 1\n", "none"), dir.resolve(name));
  }

  /**
   * The highest rate one injector keeps its schedule at against the reference server at zero
   * service time (64 workers, so the server answers at once): steps of {@link #CEILING_STEP} from
   * {@value #CEILING_START} requests/s, doubled while kept, then one bisection between the last kept
   * and the first not kept. Kept: the schedule kept (every user started on time, no arrival gap past
   * its limit) and the generator's longest pause under {@value #CEILING_MAX_PAUSE_MS} ms.
   */
  static Calibration.GeneratorCeiling ceiling(Workspace ws) throws Exception {
    List<Calibration.CeilingStep> steps = new ArrayList<>();
    Path dir = Files.createTempDirectory(ensure(ws.stateDir()), "calibrate-ceiling-");
    try (ReferenceServer s = ReferenceServer.start(ReferenceSettings.of(64, Duration.ZERO, REFERENCE_DATA))) {
      ws.console().say("bench: calibrate: the load generator's ceiling against the reference server at zero service time ("
          + CEILING_STEP.toSeconds() + " s steps)");
      Double kept = null;
      Double failed = null;
      for (double rate = CEILING_START; rate <= CEILING_MAX; rate *= 2) {
        Calibration.CeilingStep st = step(ws, s, rate, dir);
        steps.add(st);
        if (!st.kept()) {
          failed = rate;
          break;
        }
        kept = rate;
      }
      if (kept != null && failed != null) {
        Calibration.CeilingStep st = step(ws, s, (kept + failed) / 2, dir);
        steps.add(st);
        if (st.kept()) {
          kept = st.rps();
        }
      }
      String note = kept == null ? "one injector did not keep even " + (int) CEILING_START + " requests/s on this machine"
          : failed == null ? "one injector kept every rate tried, up to " + (int) CEILING_MAX + " requests/s"
          : String.format(Locale.ROOT, "one injector keeps %.0f requests/s on this machine (not %.0f); a load above it should use"
              + " --injectors 2 or more, or another machine", kept, failed);
      return new Calibration.GeneratorCeiling(kept, CEILING_STEP.toSeconds(), steps, note);
    } finally {
      deleteTree(dir);
    }
  }

  private static Calibration.CeilingStep step(Workspace ws, ReferenceServer s, double rate, Path dir) throws Exception {
    LoadRequest req = new LoadRequest(Profile.SMOKE, rate, CEILING_STEP, null, Simulation.READ, 8, false, URI.create(s.baseUrl()), 10, null,
        null, null, null, true, Duration.ofSeconds(2));
    Results r = LoadRun.run(ws, null, REFERENCE_DATA, req, Targets.parse("version: 1\n", "none"), dir.resolve("r" + (int) rate));
    Load l = r.load();
    Double pause = l.generatorHiccups() == null ? null : l.generatorHiccups().maxMs();
    Double gap = l.schedule() == null ? null : l.schedule().maxArrivalGapMs();
    boolean scheduleKept = l.schedule() == null ? l.rateKept() : l.schedule().kept();
    boolean kept = scheduleKept && (pause == null || pause < CEILING_MAX_PAUSE_MS);
    String note = kept ? null : !scheduleKept ? (l.schedule() == null ? l.rateNote() : l.schedule().note())
        : String.format(Locale.ROOT, "the generator paused %.0f ms", pause);
    ws.console().say(String.format(Locale.ROOT, "bench: calibrate: %.0f requests/s: %s", rate, kept ? "kept" : "not kept (" + note + ")"));
    return new Calibration.CeilingStep(rate, kept, l.achievedRps(), pause, gap, note);
  }

  private static Path ensure(Path dir) throws java.io.IOException {
    Files.createDirectories(dir);
    return dir;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory of the harness's own: left for the next clean-up
    }
  }
}
