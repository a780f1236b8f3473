package dev.apexbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.DatasetInfo;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.Workspace;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench seed}: provision, migrate, load, verify; print counts, rows/s, fingerprint. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Provision PostgreSQL, migrate the report's schema, generate and load the dataset, verify it.",
      "A dataset already loaded with the same scale, seed and schema is reused."
    })
final class SeedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
  boolean json;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    PrintWriter out = spec.commandLine().getOut();
    try (Session s = Session.open(ws, db.session(data))) {
      if (json) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(om.writeValueAsString(toJson(s)));
      } else {
        printSummary(out, s);
      }
      out.flush();
    }
    return 0;
  }

  static Map<String, Object> toJson(Session s) {
    DatasetInfo i = s.seed.info();
    Seeder.Outcome o = s.seed;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("projects", i.projects());
    m.put("payloads", i.payloads());
    m.put("events", i.events());
    m.put("seconds", round3(o.reused() ? i.loadSeconds() : o.seconds()));
    m.put("rows_per_sec", Math.round(i.rowsPerSec()));
    m.put("fingerprint", i.fingerprint());
    m.put("reused", o.reused());
    m.put("load_seconds", round3(i.loadSeconds()));
    m.put("index_seconds", round3(o.indexSeconds()));
    m.put("vacuum_analyze_seconds", round3(o.vacuumSeconds()));
    m.put("scale", i.scale().stripTrailingZeros());
    m.put("seed", i.seed());
    m.put("schema_variant", i.schemaVariant());
    m.put("schema_version", i.schemaVersion());
    m.put("generator_version", i.generatorVersion());
    m.put("db", dbJson(s));
    return m;
  }

  static Map<String, Object> dbJson(Session s) {
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("provider", s.facts.provider());
    db.put("url", s.facts.url());
    db.put("server_version", s.facts.serverVersion());
    db.put("version", s.facts.versionString());
    db.put("settings", s.facts.settings());
    db.put("pg_stat_statements", s.facts.hasPgStatStatements());
    return db;
  }

  private static void printSummary(PrintWriter out, Session s) {
    DatasetInfo i = s.seed.info();
    Seeder.Outcome o = s.seed;
    if (o.reused()) {
      out.printf(
          Locale.ROOT,
          "reused the stored dataset (loaded earlier: %,d rows in %.2f s, %,.0f rows/s)%n",
          i.projects() + i.payloads() + i.events(),
          i.loadSeconds(),
          i.rowsPerSec());
    } else {
      out.printf(
          Locale.ROOT,
          "seeded in %.2f s: %,d rows loaded with COPY in %.2f s (%,.0f rows/s), indexes + keys + view %.2f s, VACUUM ANALYZE %.2f s%n",
          o.seconds(),
          i.projects() + i.payloads() + i.events(),
          i.loadSeconds(),
          i.rowsPerSec(),
          o.indexSeconds(),
          o.vacuumSeconds());
    }
    out.printf(Locale.ROOT, "  projects     %,12d%n", i.projects());
    out.printf(Locale.ROOT, "  payloads     %,12d%n", i.payloads());
    out.printf(Locale.ROOT, "  events       %,12d%n", i.events());
    out.printf(Locale.ROOT, "  scale %s, seed %d, schema %s (%s)%n", i.scale().stripTrailingZeros().toPlainString(), i.seed(), i.schemaVariant(), i.schemaVersion());
    out.printf(Locale.ROOT, "  fingerprint  %s%n", i.fingerprint());
    out.printf(Locale.ROOT, "  server       PostgreSQL %s (%s), %s%n", s.facts.serverVersion(), s.facts.provider(), settingsLine(s.facts.settings()));
  }

  static String settingsLine(Map<String, String> settings) {
    StringBuilder sb = new StringBuilder();
    for (String k : new String[] {"max_connections", "shared_buffers", "effective_cache_size", "wal_level", "statement_timeout", "shared_preload_libraries"}) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(k).append('=').append(settings.get(k));
    }
    return sb.toString();
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
