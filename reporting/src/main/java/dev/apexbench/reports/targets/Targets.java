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
 * @param overrideLines catalog query name of each override to its line in the file (for messages)
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
    Map<String, Integer> overrideLines) {

  /** The default of {@code load.generator_max_pause}: a fifth of a second. */
  public static final Limit DEFAULT_GENERATOR_MAX_PAUSE = new Limit(Statistic.MAX, Op.LT, 200, "ms", 0);

  public static final List<String> QUERY_CLASSES = List.of("simple", "composite", "aggregation", "jsonb");
  public static final List<String> LOAD_GROUPS = Endpoint.GROUPS;
  public static final List<String> DATABASE_METRICS = List.of("index_hit_rate", "cache_hit_rate", "index_scan_ratio");

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
