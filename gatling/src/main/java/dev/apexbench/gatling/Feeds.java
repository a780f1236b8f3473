package dev.apexbench.gatling;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.dataset.Generator;
import dev.apexbench.dataset.ProjectRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Feeder records computed from the deterministic dataset: the scale and the seed fully determine
 * every id, status, sha, etag and payload the seeder wrote, so the load addresses existing rows
 * without a database connection (an injector needs only HTTP). Projects are drawn uniformly from
 * up to {@value #CHUNKS} randomly chosen chunks of the dataset (1,000 consecutive projects each,
 * with the same tenant and status mix as the whole), so building the feeds costs the same at any
 * scale. Deterministic: the same scale and seed give the same records.
 */
public final class Feeds {
  /** Write journeys create projects for tenants far above the seeded ones, and delete them again. */
  public static final long LOAD_TEST_ACCOUNT_BASE = DatasetSpec.LOAD_TEST_ACCOUNTS_FROM;

  /** How many chunks of the dataset the feeds are drawn from. */
  static final int CHUNKS = 8;

  private Feeds() {}

  /** The projects the feeds draw from, for a dataset and a stream: a function of (scale, seed, stream). */
  static List<ProjectRow> pool(DatasetSpec spec, long stream) {
    Generator gen = new Generator(spec);
    SplittableRandom rnd = new SplittableRandom(spec.seed() ^ stream);
    Set<Integer> chunks = new LinkedHashSet<>();
    int n = gen.chunkCount();
    while (chunks.size() < Math.min(CHUNKS, n)) {
      chunks.add(rnd.nextInt(n));
    }
    List<ProjectRow> out = new ArrayList<>();
    for (int c : chunks) {
      out.addAll(gen.chunk(c).projectRecords());
    }
    return out;
  }

  /** Per read route request name, {@code perRoute} session records. */
  public static Map<String, List<Map<String, Object>>> reads(DatasetSpec spec, int perRoute) {
    List<ProjectRow> pool = pool(spec, 0x5EEDF00DL);
    SplittableRandom rnd = new SplittableRandom(spec.seed() ^ 0x12EAD5L);
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Route r : Route.values()) {
      List<Map<String, Object>> records = new ArrayList<>();
      for (int attempts = 0; records.size() < perRoute && attempts < perRoute * 100; attempts++) {
        ProjectRow p = pool.get(rnd.nextInt(pool.size()));
        if (r.canUse(p)) {
          records.add(r.sessionValues(p));
        }
      }
      if (records.isEmpty()) {
        throw new IllegalStateException("no seeded project can feed " + r.requestName + " at scale " + spec.scaleText());
      }
      out.put(r.requestName, records);
    }
    return out;
  }

  /** Seeded project ids for the point read ({@link PointReadSimulation}), uniformly from the feeds' chunks. */
  public static List<Map<String, Object>> ids(DatasetSpec spec, int count) {
    List<ProjectRow> pool = pool(spec, 0x1D5L);
    SplittableRandom rnd = new SplittableRandom(spec.seed() ^ 0x1D5L);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      out.add(Map.of(SessionKeys.ID, pool.get(rnd.nextInt(pool.size())).id()));
    }
    return out;
  }

  /** Seeded payload inputs (realistic bodies) for the write journeys, in load-test tenants. */
  public static List<Map<String, Object>> writes(DatasetSpec spec, int count) {
    return writes(spec, count, 0);
  }

  /** Load-test tenants per injector: injector K writes in tenants {@code base + K * 50} to {@code base + K * 50 + 49}. */
  public static final int TENANTS_PER_INJECTOR = 50;

  /**
   * As {@link #writes(DatasetSpec, int)} for injector {@code injector} of a distributed load: the
   * same bodies, in its own block of load-test tenants (disjoint from every other injector's).
   */
  public static List<Map<String, Object>> writes(DatasetSpec spec, int count, int injector) {
    List<ProjectRow> pool = pool(spec, 0x3A17E5L);
    SplittableRandom rnd = new SplittableRandom(spec.seed() ^ 0x3A17E5L);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      ProjectRow p = pool.get(rnd.nextInt(pool.size()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(SessionKeys.ACCOUNT, LOAD_TEST_ACCOUNT_BASE + (long) injector * TENANTS_PER_INJECTOR + (n % TENANTS_PER_INJECTOR));
      m.put(SessionKeys.MODULE, p.module());
      m.put(SessionKeys.INPUTS, p.inputsJson());
      m.put(SessionKeys.NAME, "load-test project " + n);
      out.add(m);
    }
    return out;
  }
}
