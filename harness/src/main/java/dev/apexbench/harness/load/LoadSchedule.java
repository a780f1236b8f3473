package dev.apexbench.harness.load;

import dev.apexbench.harness.distributed.InjectorSlot;
import dev.apexbench.harness.run.Profile;
import dev.apexbench.harness.run.RunSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The rates and durations a load request comes to, with the profile's shape filling in what the
 * request leaves out.
 *
 * @param readRate read users per second (one request each); 0 for the write and point simulations
 * @param writeRate write journeys per second (four requests each)
 * @param duration how long the rate is held (a sweep: each step)
 * @param steps a sweep's read rates, one step each; empty otherwise
 */
public record LoadSchedule(double readRate, double writeRate, Duration duration, List<Double> steps) {
  /** In the full mix, a given rate of read users brings one write journey per this many of them. */
  public static final int READ_USERS_PER_WRITE_JOURNEY = 10;
  /** A write journey's requests: create, update, a stale update (412), delete. */
  public static final int JOURNEY_REQUESTS = 4;

  /**
   * The schedule of {@code req}: an injector's share is 1/N of each rate, as an independent random
   * stream, so the N streams add up to the whole.
   */
  public static LoadSchedule of(LoadRequest req) {
    Profile.LoadShape shape = req.profile().load();
    Simulation sim = req.simulation();
    double readRate = sim == Simulation.POINT ? 0 : req.rate() != null ? req.rate() : shape.readRate();
    double writeRate = switch (sim) {
      case READ, SWEEP, POINT -> 0;
      case WRITE -> req.rate() != null ? req.rate() : shape.writeRate();
      case FULL -> req.rate() != null ? req.rate() / READ_USERS_PER_WRITE_JOURNEY : shape.writeRate();
    };
    InjectorSlot injector = req.injector();
    if (injector != null) {
      readRate /= injector.count();
      writeRate /= injector.count();
    }
    Duration duration = req.duration() != null ? req.duration() : sim == Simulation.SWEEP ? shape.stepDuration() : shape.duration();
    List<Double> steps = sim == Simulation.SWEEP ? shape.sweepSteps() : List.of();
    return new LoadSchedule(readRate, writeRate, duration, steps);
  }

  /** Records the schedule (and the request's target) into run.settings. */
  void describeInto(RunSettings settings, LoadRequest req) {
    settings.loadSimulation(req.simulation().label).loadReadRateUsersPerSec(steps.isEmpty() ? readRate : null)
        .loadWriteRateJourneysPerSec(writeRate).loadDurationSeconds(duration.toSeconds()).loadSweepStepsUsersPerSec(steps)
        .loadTargetUrl(req.targetUrl() == null ? "(the api, started by bench)" : req.targetUrl().toString()).apiPoolSize(req.poolSize());
  }

  /** How the console describes it. */
  String text(LoadRequest req) {
    if (req.simulation() == Simulation.POINT) {
      return req.connections() + " requests in flight (closed model), GET /projects/{id}/header";
    }
    return steps.isEmpty() ? String.format(Locale.ROOT, "%.0f read users/s + %.1f write journeys/s", readRate, writeRate)
        : "steps " + steps + " users/s";
  }
}
