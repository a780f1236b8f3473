package dev.apexbench.datagen;

import dev.apexbench.dataset.Generator;
import dev.apexbench.dataset.DatasetSpec;

import dev.apexbench.db.BenchException;
import dev.apexbench.db.DatasetInfo;
import dev.apexbench.db.DatasetIntegrity;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.Schema;
import dev.apexbench.db.SchemaVariant;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Makes sure the server holds the requested dataset: reuses it when its identity (scale, seed,
 * schema variant, schema version, generator version) matches, otherwise builds it: migrate the
 * tables, COPY, verify, build indexes/keys/view, VACUUM ANALYZE, verify the view, record.
 *
 * <p>On an external server a harness schema that holds anything else (another dataset, or objects
 * the harness did not record) is refused unless {@code reset} is set; only {@code apex_bench} is
 * ever dropped.
 */
public final class Seeder {
  /** What was asked for. */
  public record Request(DatasetSpec spec, SchemaVariant variant, boolean reset) {}

  /** What the server holds now, and what building it cost (zero when reused). */
  public record Outcome(
      DatasetInfo info,
      boolean reused,
      double seconds,
      double loadSeconds,
      double indexSeconds,
      double vacuumSeconds,
      double generatorWaitSeconds) {}

  private final Consumer<String> say;
  private final Progress progress;

  public Seeder(Consumer<String> say, Progress progress) {
    this.say = say;
    this.progress = progress;
  }

  public Outcome ensure(PgServer server, Request req) {
    Schema schema = new Schema(server, req.variant());
    DatasetInfo.Identity wanted =
        new DatasetInfo.Identity(
            req.spec().scale(), req.spec().seed(), req.variant().label(), schema.version(), Generator.VERSION);
    try (Connection c = server.connect()) {
      Optional<DatasetInfo> existing = DatasetInfo.read(c);
      if (existing.isPresent() && existing.get().identity().matches(wanted) && !req.reset()) {
        removeLoadTestLeftovers(c);
        DatasetIntegrity seeded = DatasetIntegrity.decode(existing.get().integrity());
        DatasetIntegrity now = seeded == null ? null : DatasetIntegrity.measure(c, existing.get().projects());
        List<String> foreign = now == null ? List.of() : now.foreignObjectsSince(seeded);
        if (!foreign.isEmpty()) {
          throw BenchException.usage("the " + PgServer.SCHEMA + " schema at " + where(server) + " holds objects the harness did not create ("
              + String.join(", ", foreign) + "); remove them, or pass --reset to drop and rebuild the schema with them");
        }
        List<String> changed = now == null ? List.of() : now.dataChangesSince(seeded);
        if (changed.isEmpty()) {
          return new Outcome(existing.get(), true, 0, 0, 0, restoreAsSeeded(c), 0);
        }
        String what = "the stored dataset changed since it was seeded (" + String.join("; ", changed) + ")";
        if (!server.ownsServer()) {
          throw BenchException.usage(what + " at " + where(server) + "; pass --reset to drop and rebuild it (nothing outside "
              + PgServer.SCHEMA + " is touched)");
        }
        say.accept("bench: rebuilding: " + what);
        Schema.dropHarnessSchema(c);
        return build(server, schema, req, wanted);
      }
      if (Schema.schemaHasObjects(c)) {
        if (!server.ownsServer() && !req.reset()) {
          String what =
              existing
                  .map(i -> "a different dataset (" + i.identity() + ")")
                  .orElse("objects that are not a complete apex-bench dataset");
          throw BenchException.usage(
              "the "
                  + PgServer.SCHEMA
                  + " schema at "
                  + server.jdbcUrl()
                  + " already holds "
                  + what
                  + "; pass --reset to drop and rebuild it (nothing outside "
                  + PgServer.SCHEMA
                  + " is touched)");
        }
        existing.ifPresent(
            i -> say.accept("bench: rebuilding: the stored dataset (" + i.identity() + ") is not the requested one"));
        Schema.dropHarnessSchema(c);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the harness schema failed: " + e.getMessage(), e);
    }
    return build(server, schema, req, wanted);
  }

  private Outcome build(PgServer server, Schema schema, Request req, DatasetInfo.Identity id) {
    long t0 = System.nanoTime();
    try {
      Generator generator = new Generator(req.spec()); // draws its name pools while Flyway migrates
      schema.migrateTables();
      Loader.Result loaded = new Loader().load(server, generator, progress);
      try (Connection c = server.connect()) {
        fail(Verifier.checkRows(c, req.spec()));
      }
      long t1 = System.nanoTime();
      schema.migrateRest();
      double indexSeconds = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      try (Connection c = server.connect();
          Statement st = c.createStatement()) {
        st.execute("SET statement_timeout = 0");
        for (String table : List.of("projects", "project_payloads", "project_events")) {
          st.execute(
              "SELECT setval(pg_get_serial_sequence('"
                  + PgServer.SCHEMA
                  + "."
                  + table
                  + "', '"
                  + idColumn(table)
                  + "'), (SELECT max("
                  + idColumn(table)
                  + ") FROM "
                  + table
                  + "))");
          st.execute("VACUUM (ANALYZE) " + table);
        }
        st.execute("ANALYZE project_stats");
      }
      double vacuumSeconds = (System.nanoTime() - t2) / 1e9;
      DatasetInfo info;
      try (Connection c = server.connect()) {
        fail(Verifier.checkStatsView(c));
        String integrity = DatasetIntegrity.measure(c, loaded.projects()).encode();
        info =
            new DatasetInfo(
                id.scale(),
                id.seed(),
                id.schemaVariant(),
                id.schemaVersion(),
                id.generatorVersion(),
                loaded.fingerprint(),
                loaded.projects(),
                loaded.payloads(),
                loaded.events(),
                loaded.seconds(),
                loaded.rowsPerSec(),
                integrity);
        info.write(c);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Outcome(info, false, seconds, loaded.seconds(), indexSeconds, vacuumSeconds, loaded.waitSeconds());
    } catch (SQLException e) {
      throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
    }
  }

  /**
   * A reused dataset as it was seeded, for what the server does per call: the load's write journeys
   * insert and delete rows of their own, which leave dead rows and trailing pages behind, and
   * autovacuum may have re-taken the statistics in between. Both move the work counters (a scan reads
   * every page, dead or not) and can flip plans from one run to the next. VACUUM (ANALYZE) of the
   * harness's tables reclaims the dead rows, truncates the empty trailing pages and takes the
   * statistics again, as seeding did (at scale 1 from every row: ANALYZE samples 30,000 rows). The
   * data is not changed. Returns the seconds it took.
   */
  private double restoreAsSeeded(Connection c) throws SQLException {
    long t0 = System.nanoTime();
    try (java.sql.Statement st = c.createStatement()) {
      for (String table : new String[] {"projects", "project_payloads", "project_events"}) {
        st.execute("VACUUM (ANALYZE) " + PgServer.SCHEMA + "." + table);
      }
      st.execute("ANALYZE " + PgServer.SCHEMA + ".project_stats");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    say.accept(String.format(java.util.Locale.ROOT, "bench: VACUUM (ANALYZE) of the stored dataset's tables in %.1f s (earlier runs' deleted"
        + " rows and re-taken statistics do not carry over)", seconds));
    return seconds;
  }

  /**
   * A load run interrupted mid-journey leaves the projects it created (load-test tenants only;
   * payloads and events cascade). They are the harness's own rows: remove them so the reused
   * dataset is the seeded one.
   */
  private void removeLoadTestLeftovers(Connection c) throws SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM projects WHERE account_id >= ?")) {
      ps.setLong(1, DatasetInfo.LOAD_TEST_ACCOUNTS_FROM);
      int n = ps.executeUpdate();
      if (n > 0) {
        say.accept("bench: removed " + n + " project(s) an interrupted load run had created (load-test tenants only)");
      }
    }
  }

  private static String where(PgServer server) {
    return server.ownsServer() ? server.describe() : dev.apexbench.db.DbSpec.redact(server.jdbcUrl());
  }

  private static String idColumn(String table) {
    return switch (table) {
      case "projects" -> "project_id";
      case "project_payloads" -> "payload_id";
      default -> "event_id";
    };
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the loaded data failed verification: " + String.join("; ", problems));
    }
  }
}
