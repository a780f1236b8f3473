package dev.apexbench.harness.run;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run.settings} of results.json, written down: every key a run can record, with its type,
 * in one place (docs/results-json.md describes them for readers). Keys appear in the order they
 * were set; a key set twice keeps its first place and takes the new value.
 */
public final class RunSettings {
  private final Map<String, Object> values = new LinkedHashMap<>();

  // --- what was measured: profile, dataset, server -----------------------------------------

  public RunSettings profile(String label) {
    return put("profile", label);
  }

  public RunSettings scale(BigDecimal scale) {
    return put("scale", scale.stripTrailingZeros());
  }

  public RunSettings seed(long seed) {
    return put("seed", seed);
  }

  public RunSettings schemaVariant(String label) {
    return put("schema_variant", label);
  }

  /** The provider, or why the run has no database. */
  public RunSettings db(String providerOrNote) {
    return put("db", providerOrNote);
  }

  /** The server's URL without credentials. */
  public RunSettings dbUrl(String url) {
    return put("db_url", url);
  }

  /** Why a database window may miss up to a second of statistics. */
  public RunSettings dbWindowNote(String note) {
    return put("db_window_note", note);
  }

  /** How the shared buffers started the measured phase (prewarmed, or a cold start). */
  public RunSettings prewarm(String note) {
    return put("prewarm", note);
  }

  /** What decides the exit code of bench run: targets, regression or both. */
  public RunSettings gate(String gate) {
    return put("gate", gate);
  }

  // --- JMH ----------------------------------------------------------------------------------

  /** The catalog glob, or "*". */
  public RunSettings queries(String glob) {
    return put("queries", glob);
  }

  public RunSettings threads(int threads) {
    return put("threads", threads);
  }

  public RunSettings jmhForks(int forks) {
    return put("jmh_forks", forks);
  }

  /** "iterations x ms". */
  public RunSettings jmhWarmup(String text) {
    return put("jmh_warmup", text);
  }

  /** "iterations x ms". */
  public RunSettings jmhMeasurement(String text) {
    return put("jmh_measurement", text);
  }

  public RunSettings jmhArgs(String args) {
    return put("jmh_args", args);
  }

  // --- load ---------------------------------------------------------------------------------

  public RunSettings loadSimulation(Object label) {
    return put("load_simulation", label);
  }

  /** Null for a sweep (its steps say the rates). */
  public RunSettings loadReadRateUsersPerSec(Double rate) {
    return put("load_read_rate_users_per_sec", rate);
  }

  public RunSettings loadWriteRateJourneysPerSec(double rate) {
    return put("load_write_rate_journeys_per_sec", rate);
  }

  public RunSettings loadDurationSeconds(long seconds) {
    return put("load_duration_seconds", seconds);
  }

  public RunSettings loadSweepStepsUsersPerSec(List<Double> steps) {
    return put("load_sweep_steps_users_per_sec", steps);
  }

  /** The base URL loaded, or "(the api, started by bench)". */
  public RunSettings loadTargetUrl(Object url) {
    return put("load_target_url", url);
  }

  public RunSettings apiPoolSize(int connections) {
    return put("api_pool_size", connections);
  }

  public RunSettings loadFeeds(String text) {
    return put("load_feeds", text);
  }

  /** The point simulation's requests in flight. */
  public RunSettings loadConnections(int connections) {
    return put("load_connections", connections);
  }

  public RunSettings loadWarmupSeconds(long seconds) {
    return put("load_warmup_seconds", seconds);
  }

  public RunSettings loadMvRefreshSeconds(long seconds) {
    return put("load_mv_refresh_seconds", seconds);
  }

  /** "K/N" of a distributed run's injector. */
  public RunSettings loadInjector(String label) {
    return put("load_injector", label);
  }

  /** The shared start instant (ISO 8601), or null. */
  public RunSettings loadStartAt(String instant) {
    return put("load_start_at", instant);
  }

  /** How late after the shared start this injector began, in ms (0 when it waited for it). */
  public RunSettings loadStartLateMs(long ms) {
    return put("load_start_late_ms", ms);
  }

  /** Local injector JVMs, or the injectors merged. */
  public RunSettings loadInjectors(int count) {
    return put("load_injectors", count);
  }

  public RunSettings mergedFrom(List<String> dirs) {
    return put("merged_from", dirs);
  }

  public RunSettings mergeForced(boolean forced) {
    return put("merge_forced", forced);
  }

  // --- capacity -----------------------------------------------------------------------------

  public RunSettings capacityScales(List<Double> scales) {
    return put("capacity_scales", scales);
  }

  public RunSettings capacityStartRps(double rps) {
    return put("capacity_start_rps", rps);
  }

  public RunSettings capacityMaxRps(double rps) {
    return put("capacity_max_rps", rps);
  }

  public RunSettings capacityFactor(double factor) {
    return put("capacity_factor", factor);
  }

  public RunSettings capacityBisections(int bisections) {
    return put("capacity_bisections", bisections);
  }

  public RunSettings capacityStepSeconds(long seconds) {
    return put("capacity_step_seconds", seconds);
  }

  public RunSettings capacityMix(String text) {
    return put("capacity_mix", text);
  }

  // --- disaster recovery and experiments ------------------------------------------------------

  public RunSettings drImage(String image) {
    return put("dr_image", image);
  }

  public RunSettings drArchiveTimeoutSeconds(int seconds) {
    return put("dr_archive_timeout_seconds", seconds);
  }

  public RunSettings drWriteSeconds(int seconds) {
    return put("dr_write_seconds", seconds);
  }

  /** "logical" when only the logical backup ran. */
  public RunSettings drMode(String mode) {
    return put("dr_mode", mode);
  }

  public RunSettings drPgDump(String version) {
    return put("dr_pg_dump", version);
  }

  public RunSettings variants(List<String> labels) {
    return put("variants", labels);
  }

  /** A copy, in the order the keys were first set: results.json's run.settings. */
  public synchronized Map<String, Object> asMap() {
    return new LinkedHashMap<>(values);
  }

  private synchronized RunSettings put(String key, Object value) {
    values.put(key, value);
    return this;
  }
}
