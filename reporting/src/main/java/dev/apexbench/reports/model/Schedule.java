package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Whether the load generator started its virtual users on schedule ({@code load.schedule}).
 * Arrivals are a Poisson process, so every check allows for the noise of random arrivals.
 *
 * @param kept every check below held: what the {@code schedule_kept} target judges
 * @param startedPct users started, percent of those scheduled (at least 95 % to be kept)
 * @param backlogS the largest lag of started behind scheduled users, in seconds of arrivals
 * @param backlogBeyondNoiseS that lag beyond four standard deviations of random arrivals (at most 1 s to be kept)
 * @param maxArrivalGapMs the longest time without a single arrival
 * @param arrivalGapLimitMs the longest gap a Poisson stream at the scheduled rate shows with
 *     probability 1 in 10,000 over the run; a longer one means the generator stopped starting users
 * @param lateGaps the gaps longer than the limit, with the seconds they cover
 * @param note one sentence for people
 * @param sentInWindow requests sent by the users who arrived within the window's seconds (a write
 *     journey's user sends several), on the clock the achieved rate counts its responses by: what
 *     the sustained rate is judged against (null in older files)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Schedule(
    boolean kept,
    double startedPct,
    double backlogS,
    double backlogBeyondNoiseS,
    double maxArrivalGapMs,
    double arrivalGapLimitMs,
    List<GeneratorHealth.Span> lateGaps,
    String note,
    Long sentInWindow) {

  /** Without the count of users started in the window (a closed model, or a test's fixture). */
  public Schedule(boolean kept, double startedPct, double backlogS, double backlogBeyondNoiseS, double maxArrivalGapMs,
      double arrivalGapLimitMs, List<GeneratorHealth.Span> lateGaps, String note) {
    this(kept, startedPct, backlogS, backlogBeyondNoiseS, maxArrivalGapMs, arrivalGapLimitMs, lateGaps, note, null);
  }
}
