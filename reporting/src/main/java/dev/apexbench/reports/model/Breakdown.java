package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * Where the time of successful requests went, from the api's {@code Server-Timing} header and the
 * load generator's own clock, in milliseconds to the microsecond. The parts, in the order they
 * happen, add up to the client's time of each request (so their means add up to the client's mean):
 *
 * <ul>
 *   <li>{@code queue}: the api accepted the request (headers parsed) until its route started on a
 *       worker thread, body read included;
 *   <li>{@code pool}: waiting for a pooled database connection;
 *   <li>{@code db}: holding the connection (statements, rows, commit);
 *   <li>{@code encode}: writing the JSON answer;
 *   <li>{@code other}: the rest of the server's total (the route's own work between those);
 *   <li>{@code network+client}: the client's time minus the server's total: sending and receiving
 *       the bytes, the network, the load generator.
 * </ul>
 *
 * @param timed successful requests whose answer carried the header (the breakdown is of these)
 * @param untimed successful requests without it (an api that does not send it)
 * @param clamped requests where a part came out below zero by the header's rounding (counted as 0)
 * @param phases the parts, by name, in the order above
 * @param server the server's total (accepted to answer handed to the network)
 * @param client the client's time (just before sending to its checks done, at ns resolution; a
 *     little above the whole-ms response time, which starts when the request is written)
 * @param dominantP95 the part with the highest p95
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Breakdown(long timed, long untimed, long clamped, Map<String, PhaseStats> phases, PhaseStats server, PhaseStats client,
    String dominantP95) {

  /** The parts, in the order they happen. */
  public static final List<String> PARTS = List.of("queue", "pool", "db", "encode", "other", "network+client");

  /**
   * One part's distribution over the timed requests.
   *
   * @param share the part's mean over the client's mean (the parts' shares add up to 1)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PhaseStats(double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs, double share) {}

  /** A part's stats, or null when there is no such part. */
  public PhaseStats phase(String name) {
    return phases == null ? null : phases.get(name);
  }
}
