package dev.apexbench.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server settings of the apex database report (iteration 3), applied to every server the
 * harness starts itself (embedded and docker), and read back from every server it measures.
 */
public final class ServerSettings {
  private ServerSettings() {}

  /** Settings the harness passes to servers it starts, in the report's order. */
  public static final Map<String, String> REPORT;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("max_connections", "100");
    m.put("shared_buffers", "256MB");
    m.put("effective_cache_size", "512MB");
    m.put("wal_level", "replica");
    m.put("shared_preload_libraries", "pg_stat_statements");
    m.put("pg_stat_statements.track", "all");
    m.put("statement_timeout", "30s");
    REPORT = java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Durability settings are PostgreSQL's defaults on purpose: zonky would otherwise turn
   * {@code synchronous_commit} off and Testcontainers would turn {@code fsync} off, and write
   * latencies measured that way would flatter the database.
   */
  public static final Map<String, String> DURABILITY =
      Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on", "timezone", "UTC");

  /** Everything recorded with a run, as the server reports it ({@code SHOW name}). */
  public static final List<String> RECORDED =
      List.of(
          "max_connections",
          "shared_buffers",
          "effective_cache_size",
          "wal_level",
          "shared_preload_libraries",
          "pg_stat_statements.track",
          "statement_timeout",
          "work_mem",
          "random_page_cost",
          "effective_io_concurrency",
          "jit",
          "fsync",
          "synchronous_commit",
          "full_page_writes",
          "max_parallel_workers_per_gather",
          "server_encoding",
          "TimeZone");

  /** All settings for a server the harness starts. */
  public static Map<String, String> forOwnedServer() {
    Map<String, String> all = new LinkedHashMap<>(REPORT);
    all.putAll(DURABILITY);
    return all;
  }
}
