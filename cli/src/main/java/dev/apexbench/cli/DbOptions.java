package dev.apexbench.cli;

import dev.apexbench.db.DbSpec;
import dev.apexbench.harness.run.SessionRequest;
import picocli.CommandLine.Option;

/** Which PostgreSQL to use. Target-system settings, kept apart from workload settings. */
public final class DbOptions {
  @Option(
      names = "--db",
      paramLabel = "embedded|docker|URL",
      defaultValue = "${env:APEX_BENCH_DB:-embedded}",
      description = {
        "Where PostgreSQL comes from: embedded (a server from Maven-served binaries, data kept in"
            + " .apex-bench/), docker (Testcontainers), or an existing server as jdbc:postgresql://host:port/db,"
            + " a libpq URI postgresql://user@host:port/db?sslmode=require or a keyword string"
            + " 'host=h dbname=d' (what is missing from PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,"
            + " then ~/.pgpass or PGPASSFILE). Default: ${DEFAULT-VALUE} (APEX_BENCH_DB changes it)."
      })
  String db;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      defaultValue = "${env:APEX_BENCH_PG_IMAGE:-" + DbSpec.DEFAULT_IMAGE + "}",
      description = "Docker image for --db docker, used as a postgres substitute. Default: ${DEFAULT-VALUE} (APEX_BENCH_PG_IMAGE changes it).")
  String image;

  @Option(
      names = "--reset",
      description = "Drop and rebuild the harness schema (apex_bench) even if it holds a dataset. Nothing outside it is touched.")
  boolean reset;

  DbSpec spec() {
    return DbSpec.parse(db, image, System.getenv());
  }

  /** The server and the dataset a measuring command starts from. */
  SessionRequest session(DatasetOptions data) {
    return new SessionRequest(spec(), reset, data.spec(), data.variant);
  }
}
