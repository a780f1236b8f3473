package dev.apexbench.cli;

import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.PgServer;
import dev.apexbench.db.Provisioner;
import dev.apexbench.db.ServerFacts;
import dev.apexbench.db.SchemaVariant;
import dev.apexbench.dataset.DatasetSpec;

/**
 * The provisioned server and its seeded dataset: what every measuring command starts from.
 * Closing it stops a server the harness started (the embedded data directory is kept).
 */
final class Session implements AutoCloseable {
  final PgServer server;
  final ServerFacts facts;
  final Seeder.Outcome seed;
  final SchemaVariant variant;
  final DatasetSpec spec;

  private Session(PgServer server, ServerFacts facts, Seeder.Outcome seed, SchemaVariant variant, DatasetSpec spec) {
    this.server = server;
    this.facts = facts;
    this.seed = seed;
    this.variant = variant;
    this.spec = spec;
  }

  static Session open(DbOptions db, DatasetOptions data, Console console) {
    return open(db, data, console, CommonOptions.stateDir());
  }

  /**
   * As {@link #open(DbOptions, DatasetOptions, Console)}, an embedded server keeping its data under
   * {@code stateDir} (so that several datasets can be kept side by side, one server each).
   */
  static Session open(DbOptions db, DatasetOptions data, Console console, java.nio.file.Path stateDir) {
    DbSpec dbSpec = db.spec();
    DatasetSpec spec = data.spec();
    if (dbSpec.note() != null) {
      console.say("bench: " + dbSpec.note());
    }
    console.say("bench: starting " + describe(dbSpec) + " ...");
    PgServer server = Provisioner.open(dbSpec, stateDir, console::say);
    try {
      ServerFacts facts = ServerFacts.read(server);
      console.say("bench: " + server.describe() + ", PostgreSQL " + facts.serverVersion());
      console.say(
          String.format(
              java.util.Locale.ROOT,
              "bench: dataset scale %s (%,d projects, %,d payloads, %,d events), seed %d, schema %s",
              spec.scaleText(),
              spec.projects(),
              spec.payloads(),
              spec.events(),
              spec.seed(),
              data.variant.label()));
      Seeder.Outcome outcome =
          new Seeder(console::say, console.loadProgress("loading"))
              .ensure(server, new Seeder.Request(spec, data.variant, db.reset));
      var info = outcome.info();
      long rows = info.projects() + info.payloads() + info.events();
      console.say(outcome.reused()
          ? String.format(java.util.Locale.ROOT, "bench: reusing the stored dataset (%,d rows, fingerprint %s...)", rows, info.fingerprint().substring(0, 16))
          : String.format(java.util.Locale.ROOT, "bench: seeded %,d rows in %.1f s (COPY %.1f s, %,.0f rows/s), fingerprint %s...",
              rows, outcome.seconds(), info.loadSeconds(), info.rowsPerSec(), info.fingerprint().substring(0, 16)));
      return new Session(server, facts, outcome, data.variant, spec);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Records the dataset, the server and the target-system settings into a run. */
  void describeInto(RunRecorder rec) {
    rec.scale = spec.scale();
    rec.seed = spec.seed();
    rec.schemaVariant = variant.label();
    rec.schemaVersion = seed.info().schemaVersion();
    rec.db = ResultsMapper.db(facts);
    rec.datagen = ResultsMapper.datagen(seed);
    rec.settings.put("db", facts.provider());
    rec.settings.put("db_url", facts.url());
    rec.settings.put("scale", spec.scale().stripTrailingZeros());
    rec.settings.put("seed", spec.seed());
    rec.settings.put("schema_variant", variant.label());
  }

  private static String describe(DbSpec spec) {
    return switch (spec.provider()) {
      case EMBEDDED -> "the embedded PostgreSQL";
      case DOCKER -> "a PostgreSQL container (" + spec.image() + ")";
      case EXTERNAL -> "on the server at " + spec.safeUrl();
    };
  }

  @Override
  public void close() {
    server.close();
  }
}
