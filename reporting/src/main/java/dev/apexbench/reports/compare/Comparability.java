package dev.apexbench.reports.compare;

import dev.apexbench.reports.model.Datagen;
import dev.apexbench.reports.model.DbInfo;
import dev.apexbench.reports.model.Machine;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.RunInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What must be equal for two runs' latencies to be comparable: the same rows (dataset
 * fingerprint, scale, seed), the same schema variant, the same profile (JMH forks and iterations,
 * load shape), the same server (provider and version: builds of the same major differ measurably,
 * e.g. zonky's PostgreSQL 18 against Debian's 15 on the JSONB scans) and the same server settings. Each difference is one phrase, e.g. {@code scale (1
 * vs 10)}.
 */
final class Comparability {

  private Comparability() {}

  static List<String> mismatches(Results baseline, Results current) {
    List<String> out = new ArrayList<>();
    RunInfo b = baseline.run();
    RunInfo c = current.run();
    differ(out, "dataset fingerprint", fingerprint(baseline.datagen()), fingerprint(current.datagen()));
    differ(out, "scale", b == null ? null : plain(b.scale()), c == null ? null : plain(c.scale()));
    differ(out, "seed", b == null ? null : b.seed(), c == null ? null : c.seed());
    differ(out, "schema variant", b == null ? null : b.schemaVariant(), c == null ? null : c.schemaVariant());
    differ(out, "profile", b == null ? null : b.profile(), c == null ? null : c.profile());
    differ(out, "db provider", b == null || b.db() == null ? null : b.db().provider(), c == null || c.db() == null ? null : c.db().provider());
    differ(out, "server version", b == null || b.db() == null ? null : b.db().serverVersion(), c == null || c.db() == null ? null : c.db().serverVersion());
    Boolean pb = prewarmed(baseline);
    Boolean pc = prewarmed(current);
    if (pb != null && pc != null) { // a run without a database window (a load over HTTP only) has no cache to compare
      differ(out, "shared buffers at the start", pb ? "prewarmed" : "cold", pc ? "prewarmed" : "cold");
    }
    machine(out, b == null ? null : b.machine(), c == null ? null : c.machine());
    List<String> workload = workload(b, c);
    if (!workload.isEmpty()) {
      out.add("workload (" + String.join(", ", workload) + ")");
    }
    List<String> settings = settings(settingsOf(b), settingsOf(c));
    if (!settings.isEmpty()) {
      out.add("server settings (" + String.join(", ", settings) + ")");
    }
    return out;
  }

  static List<String> planned(Results baseline, String profile, BigDecimal scale, long seed, String variant, Map<String, Object> settings,
      boolean prewarm, Machine machine) {
    List<String> out = new ArrayList<>();
    RunInfo b = baseline.run();
    differ(out, "scale", b == null ? null : plain(b.scale()), plain(scale));
    differ(out, "seed", b == null ? null : b.seed(), seed);
    differ(out, "schema variant", b == null ? null : b.schemaVariant(), variant);
    differ(out, "profile", b == null ? null : b.profile(), profile);
    Map<String, Object> sb = b == null || b.settings() == null ? Map.of() : b.settings();
    List<String> workload = new ArrayList<>();
    for (Map.Entry<String, Object> e : settings.entrySet()) {
      if (sb.containsKey(e.getKey()) && !String.valueOf(sb.get(e.getKey())).equals(String.valueOf(e.getValue()))) {
        workload.add(e.getKey() + ": " + show(sb.get(e.getKey())) + " vs " + show(e.getValue()));
      }
    }
    if (!workload.isEmpty()) {
      out.add("workload (" + String.join(", ", workload) + ")");
    }
    Boolean pb = prewarmed(baseline);
    if (pb != null && pb != prewarm) {
      differ(out, "shared buffers at the start", pb ? "prewarmed" : "cold", prewarm ? "prewarmed" : "cold");
    }
    machine(out, b == null ? null : b.machine(), machine);
    return out;
  }

  /**
   * The machine kind: cores, memory (whole GiB), OS, architecture, JVM vendor and version. A
   * baseline from another kind of machine says nothing about this one: refresh it on this kind.
   */
  private static void machine(List<String> out, Machine b, Machine c) {
    List<String> diff = new ArrayList<>();
    differ(diff, "cores", b == null ? null : b.cores(), c == null ? null : c.cores());
    differ(diff, "memory GiB", b == null ? null : b.memoryGib(), c == null ? null : c.memoryGib());
    differ(diff, "OS", b == null ? null : b.osName(), c == null ? null : c.osName());
    differ(diff, "arch", b == null ? null : b.arch(), c == null ? null : c.arch());
    differ(diff, "JVM vendor", b == null ? null : b.jvmVendor(), c == null ? null : c.jvmVendor());
    differ(diff, "JVM version", b == null ? null : b.jvmVersion(), c == null ? null : c.jvmVersion());
    if (!diff.isEmpty()) {
      out.add("machine (" + String.join(", ", diff) + "; refresh the baseline: take it from a run on this kind of machine)");
    }
  }

  private static void differ(List<String> out, String what, Object b, Object c) {
    if (!Objects.equals(b, c)) {
      out.add(what + " (" + show(b) + " vs " + show(c) + ")");
    }
  }

  private static List<String> settings(Map<String, String> b, Map<String, String> c) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(b.keySet());
    keys.addAll(c.keySet());
    for (String k : keys) {
      if (!Objects.equals(b.get(k), c.get(k))) {
        out.add(k + ": " + show(b.get(k)) + " vs " + show(c.get(k)));
      }
    }
    return out;
  }

  /**
   * Workload settings recorded in run.settings that a profile label does not capture: --threads,
   * --queries, JMH forks and iterations, the load's rates, duration, simulation, target, pool.
   */
  static boolean isWorkload(String key) {
    return key.equals("threads") || key.equals("queries") || key.startsWith("jmh_") || key.startsWith("load_") || key.startsWith("api_");
  }

  private static List<String> workload(RunInfo b, RunInfo c) {
    Map<String, Object> sb = b == null || b.settings() == null ? Map.of() : b.settings();
    Map<String, Object> sc = c == null || c.settings() == null ? Map.of() : c.settings();
    TreeSet<String> keys = new TreeSet<>(sb.keySet());
    keys.addAll(sc.keySet());
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      // a phase that ran in only one of the runs is not a workload difference of the other phases
      if (isWorkload(k) && sb.containsKey(k) && sc.containsKey(k) && !String.valueOf(sb.get(k)).equals(String.valueOf(sc.get(k)))) {
        out.add(k + ": " + show(sb.get(k)) + " vs " + show(sc.get(k)));
      }
    }
    return out;
  }

  /** Whether the measured phases started from prewarmed shared buffers (null: no database window). */
  private static Boolean prewarmed(Results r) {
    return r.database() == null ? null : r.database().prewarmed();
  }

  /**
   * Everything {@link #mismatches} compares, as one key: runs with equal keys are comparable without
   * --force (history groups runs by it).
   */
  static String key(Results r) {
    RunInfo run = r.run();
    StringBuilder sb = new StringBuilder();
    sb.append(fingerprint(r.datagen())).append('|').append(run == null ? null : plain(run.scale())).append('|')
        .append(run == null ? null : run.seed()).append('|').append(run == null ? null : run.schemaVariant()).append('|')
        .append(run == null ? null : run.profile()).append('|').append(run == null || run.db() == null ? null : run.db().provider())
        .append('|').append(run == null || run.db() == null ? null : run.db().serverVersion()).append('|').append(prewarmed(r)).append('|');
    Machine m = run == null ? null : run.machine();
    if (m != null) {
      sb.append(m.cores()).append(',').append(m.memoryGib()).append(',').append(m.osName()).append(',').append(m.arch()).append(',')
          .append(m.jvmVendor()).append(',').append(m.jvmVersion());
    }
    sb.append('|');
    Map<String, Object> settings = run == null || run.settings() == null ? Map.of() : run.settings();
    new TreeSet<>(settings.keySet()).stream().filter(Comparability::isWorkload).forEach(k -> sb.append(k).append('=').append(settings.get(k))
        .append(';'));
    sb.append('|');
    new java.util.TreeMap<>(settingsOf(run)).forEach((k, v) -> sb.append(k).append('=').append(v).append(';'));
    return sb.toString();
  }

  private static Map<String, String> settingsOf(RunInfo r) {
    DbInfo db = r == null ? null : r.db();
    return db == null || db.settings() == null ? Map.of() : db.settings();
  }

  private static String fingerprint(Datagen d) {
    return d == null ? null : d.fingerprint();
  }

  /** 1, 1.0 and 1.00 are the same scale. */
  private static String plain(BigDecimal d) {
    return d == null ? null : d.stripTrailingZeros().toPlainString();
  }

  private static String show(Object o) {
    return o == null ? "unset" : o.toString();
  }
}
