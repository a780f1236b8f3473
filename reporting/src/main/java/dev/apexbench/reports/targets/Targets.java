package dev.apexbench.reports.targets;

import dev.apexbench.reports.model.Endpoint;
import dev.apexbench.reports.model.QueryResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The targets of {@code targets.yaml}, validated and typed. Limits are in canonical units (ms, %,
 * rps); latency limits always carry their statistic (the section default applied).
 *
 * @param source the file they came from, for messages
 * @param queryClasses query class (simple, composite, aggregation, jsonb) to its limit
 * @param queryOverrides catalog query name to its limit; a null value means "no latency target"
 * @param database database metric (index_hit_rate, cache_hit_rate, index_scan_ratio) to limit in %
 * @param requireIntendedIndex true: a plan that misses its intended index fails its target
 * @param loadErrorRate ko / requests in %, judged on the total and every endpoint group; or null
 * @param loadGroups endpoint group (simple, composite, aggregation, jsonb, write) to latency limit
 * @param sustainedRate achieved / scheduled request rate in %, or null
 * @param achievedRps an absolute floor for the achieved request rate, or null
 * @param generatorMaxPause a limit on the load generator's longest pause (ms), or null
 * @param scheduleKept true: a load generator that did not keep its schedule fails the run
 * @param loadPhases limits on a part of the api's time per request (from its Server-Timing
 *     header), by part (queue, pool, db, encode, other, network+client), judged on every endpoint
 *     group
 * @param capacitySustainableRps a floor for {@code bench capacity}'s highest sustainable request
 *     rate, or null
 * @param drRto a limit on bench dr's measured recovery time (s), or null
 * @param drRpo a limit on bench dr's measured recovery point (s), or null
 * @param drIntegrity true: every integrity check of bench dr must hold (and the point-in-time recovery)
 * @param poolUtilization a limit on the api pool's utilisation (active / max, %) over the load, or null
 * @param poolPendingMax the most threads that may wait for a connection at any sample, or null
 * @param overrideLines catalog query name of each override to its line in the file (for messages)
 * @param workBlocksPerCall limits on a query's shared blocks per execution over the JMH window
 *     ({@code work.shared_blks_per_call}), by query class or catalog query name (a name wins over
 *     its class)
 */
public record Targets(
    String source,
    Map<String, Limit> queryClasses,
    Map<String, Limit> queryOverrides,
    Map<String, Limit> database,
    boolean requireIntendedIndex,
    Limit loadErrorRate,
    Map<String, Limit> loadGroups,
    Limit sustainedRate,
    Limit achievedRps,
    Limit generatorMaxPause,
    boolean scheduleKept,
    Map<String, Integer> overrideLines,
    List<Accepted> accepted,
    Map<String, Limit> loadPhases,
    Limit capacitySustainableRps,
    Limit drRto,
    Limit drRpo,
    boolean drIntegrity,
    Limit poolUtilization,
    Integer poolPendingMax,
    Map<String, Limit> workBlocksPerCall) {

  /**
   * A breach a team has accepted for a while: the target as the verdict names it, why, and until
   * when (inclusive); after that date the entry fails the run.
   */
  public record Accepted(String target, String reason, java.time.LocalDate until, int line) {
    /** The target it covers, by its name with or without the hit-rate label ("(prewarmed)", "(cold start)"). */
    public boolean covers(String targetName) {
      return target.equals(targetName) || target.equals(targetName.replaceFirst(" \\((prewarmed|cold start)\\)$", ""));
    }
  }

  /** The default of {@code load.generator_max_pause}: a fifth of a second. */
  public static final Limit DEFAULT_GENERATOR_MAX_PAUSE = new Limit(Statistic.MAX, Op.LT, 200, "ms", 0);

  public static final List<String> QUERY_CLASSES = List.of("simple", "composite", "aggregation", "jsonb");
  public static final List<String> LOAD_GROUPS = Endpoint.GROUPS;
  /** The parts of a request's time a load target can limit ({@code load.phases}). */
  public static final List<String> LOAD_PHASES = dev.apexbench.reports.model.Breakdown.PARTS;
  /** The statistics a breakdown has. */
  public static final List<Statistic> PHASE_STATISTICS = List.of(Statistic.MEAN, Statistic.P50, Statistic.P95, Statistic.P99, Statistic.MAX);
  public static final List<String> DATABASE_METRICS = List.of("index_hit_rate", "cache_hit_rate", "index_scan_ratio");
  /** The work counters a target can limit ({@code work:}). */
  public static final List<String> WORK_METRICS = List.of("shared_blks_per_call");

  /** These targets without their accepted breaches: every breach fails (a capacity step is judged so unless told otherwise). */
  public Targets withoutAccepted() {
    return new Targets(source, queryClasses, queryOverrides, database, requireIntendedIndex, loadErrorRate, loadGroups, sustainedRate,
        achievedRps, generatorMaxPause, scheduleKept, overrideLines, List.of(), loadPhases, capacitySustainableRps, drRto, drRpo, drIntegrity,
        poolUtilization, poolPendingMax, workBlocksPerCall);
  }

  /**
   * Reads and validates a targets file.
   *
   * @throws TargetsException one line, {@code <file>:<line>: <problem> (allowed: ...)}
   */
  public static Targets load(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TargetsException(file.toString(), 1, "cannot read the targets file: " + e.getClass().getSimpleName(),
          "a readable UTF-8 YAML file", e);
    }
    return parse(content, file.toString());
  }

  /** Parses targets from YAML text; {@code source} names it in messages. */
  public static Targets parse(String yaml, String source) {
    return new TargetsParser(source).parse(yaml);
  }

  /**
   * The latency limit for a query: its override by name if any, else its class limit; null when
   * it has none (an override of {@code none}, or a class without a target).
   */
  public Limit forQuery(QueryResult q) {
    if (queryOverrides.containsKey(q.name())) {
      return queryOverrides.get(q.name());
    }
    return q.queryClass() == null ? null : queryClasses.get(q.queryClass());
  }

  /**
   * The accepted entries naming no target a run can have ({@code isTarget} answers for a target
   * name without its hit-rate label), with their line: {@code file:line: ...}.
   */
  public java.util.Optional<String> unknownAccepted(java.util.function.Predicate<String> isTarget) {
    return accepted.stream()
        .filter(a -> !isTarget.test(a.target().replaceFirst(" \\((prewarmed|cold start)\\)$", "")))
        .map(a -> source + ":" + a.line() + ": accepted names \"" + a.target() + "\", which is no target a run reports"
            + " (allowed: a target as the verdict names it, e.g. \"jsonb.path_range p95_ms\", \"database cache_hit_rate_pct\""
            + " or \"load jsonb p95_ms\")")
        .findFirst();
  }

  /**
   * Every target name a run can report for these queries (without the hit-rate label): latency
   * per statistic, plan checks, regressions, the database's rates, the load's groups, total and
   * generator. Regressions of load endpoints ("load GET /x p95_change_pct") are matched by shape.
   */
  public static java.util.function.Predicate<String> targetNames(java.util.Collection<String> queries, java.util.Collection<String> groups) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (String q : queries) {
      for (Statistic st : Statistic.values()) {
        names.add(q + " " + st.metric());
        names.add(q + " " + st.key() + "_change_pct");
      }
      names.add(q + " uses_intended_index");
      names.add(q + " shared_blks_per_call");
      for (String w : List.of("plan_signature", "plan_blocks_per_execution", "blocks_per_call")) {
        names.add(q + " " + w + "_change_pct");
      }
    }
    for (String m : List.of("index_hit_rate", "cache_hit_rate", "index_scan_ratio")) {
      names.add("database " + m + "_pct");
    }
    java.util.Set<String> allGroups = new java.util.LinkedHashSet<>(groups);
    allGroups.add("ungrouped");
    for (String g : allGroups) {
      for (Statistic st : Statistic.values()) {
        names.add("load " + g + " " + st.metric());
      }
      names.add("load " + g + " error_rate_pct");
      names.add("load " + g + " statements_per_request_change_pct");
      names.add("load " + g + " blocks_per_request_change_pct");
      for (String p : LOAD_PHASES) {
        for (Statistic st : PHASE_STATISTICS) {
          names.add("load " + g + " " + p + "_" + st.metric());
        }
      }
    }
    names.add("capacity sustainable_rps");
    for (String st : List.of("p50", "p95", "max")) {
      names.add("load pool pool_utilization_" + st + "_pct");
    }
    names.add("load pool pool_pending_max");
    names.addAll(List.of("dr rto_seconds", "dr rpo_seconds", "dr integrity", "dr pitr_verified"));
    names.addAll(List.of("load total error_rate_pct", "load total sustained_rate_pct", "load total achieved_rps",
        "load generator generator_max_pause_ms", "load generator schedule_kept"));
    java.util.regex.Pattern endpointRegression = java.util.regex.Pattern.compile("load \\S.* p(50|95)_change_pct");
    return n -> names.contains(n) || endpointRegression.matcher(n).matches();
  }

  /**
   * The override names that are not among {@code known} (the catalog's query names), with their
   * line: {@code file:line: ...}, for a one-line error. Empty when every override names a query.
   */
  public java.util.Optional<String> unknownOverride(java.util.Collection<String> known) {
    return overrideLines.entrySet().stream()
        .filter(e -> !known.contains(e.getKey()))
        .sorted(Map.Entry.comparingByValue())
        .map(e -> source + ":" + e.getValue() + ": queries.overrides names \"" + e.getKey() + "\", which is not a catalog query"
            + " (allowed: " + String.join(", ", known) + ")")
        .findFirst();
  }

  /** True when the query's limit comes from an override. */
  public boolean isOverridden(String queryName) {
    return queryOverrides.containsKey(queryName);
  }
}
