package dev.apexbench.harness.run;

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
public final class Session implements AutoCloseable {
  public final PgServer server;
  public final ServerFacts facts;
  public final Seeder.Outcome seed;
  public final SchemaVariant variant;
  public final DatasetSpec spec;

  private Session(PgServer server, ServerFacts facts, Seeder.Outcome seed, SchemaVariant variant, DatasetSpec spec) {
    this.server = server;
    this.facts = facts;
    this.seed = seed;
    this.variant = variant;
    this.spec = spec;
  }

  /** Opens the server of {@code req} (an embedded one keeping its data under {@code ws}'s state directory) and seeds it. */
  public static Session open(Workspace ws, SessionRequest req) {
    return open(req, ws.console(), ws.stateDir());
  }

  /**
   * As {@link #open(Workspace, SessionRequest)}, an embedded server keeping its data under
   * {@code stateDir} (so that several datasets can be kept side by side, one server each).
   */
  public static Session open(SessionRequest req, Console console, java.nio.file.Path stateDir) {
    DbSpec dbSpec = req.db();
    DatasetSpec spec = req.dataset();
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
              req.variant().label()));
      Seeder.Outcome outcome =
          new Seeder(console::say, console.loadProgress("loading"))
              .ensure(server, new Seeder.Request(spec, req.variant(), req.reset()));
      var info = outcome.info();
      long rows = info.projects() + info.payloads() + info.events();
      console.say(outcome.reused()
          ? String.format(java.util.Locale.ROOT, "bench: reusing the stored dataset (%,d rows, fingerprint %s...)", rows, info.fingerprint().substring(0, 16))
          : String.format(java.util.Locale.ROOT, "bench: seeded %,d rows in %.1f s (COPY %.1f s, %,.0f rows/s), fingerprint %s...",
              rows, outcome.seconds(), info.loadSeconds(), info.rowsPerSec(), info.fingerprint().substring(0, 16)));
      return new Session(server, facts, outcome, req.variant(), spec);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Records the dataset, the server and the target-system settings into a run. */
  public void describeInto(RunRecorder rec) {
    rec.scale = spec.scale();
    rec.seed = spec.seed();
    rec.schemaVariant = variant.label();
    rec.schemaVersion = seed.info().schemaVersion();
    rec.db = ResultsMapper.db(facts);
    rec.datagen = ResultsMapper.datagen(seed);
    rec.settings.db(facts.provider()).dbUrl(facts.url()).scale(spec.scale()).seed(spec.seed()).schemaVariant(variant.label());
  }

  public static String describe(DbSpec spec) {
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
