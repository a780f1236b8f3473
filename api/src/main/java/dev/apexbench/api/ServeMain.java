package dev.apexbench.api;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.datagen.Progress;
import dev.apexbench.datagen.Seeder;
import dev.apexbench.db.BenchException;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.ExternalServer;
import dev.apexbench.db.Provider;
import dev.apexbench.db.SchemaVariant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The api as a container runs it (the {@code Dockerfile}'s entry point): an existing PostgreSQL,
 * the dataset seeded there if it is missing or changed, then the api until SIGTERM. Only the api's
 * own classpath is needed: no load generator, no benchmark harness, no embedded server binaries.
 *
 * <p>Settings come from the environment:
 *
 * <ul>
 *   <li>{@code APEX_BENCH_DB}: the server, as {@code bench --db} takes an existing one (a JDBC URL, a
 *       libpq URI or keyword string); unset, the libpq variables {@code PGHOST}, {@code PGPORT},
 *       {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD} and the password file;
 *   <li>{@code APEX_BENCH_SCALE} (default 1), {@code APEX_BENCH_SEED} (42), {@code
 *       APEX_BENCH_SCHEMA_VARIANT} (report): the dataset;
 *   <li>{@code APEX_BENCH_BIND} (0.0.0.0), {@code APEX_BENCH_PORT} (8080), {@code
 *       APEX_BENCH_POOL_SIZE} (10): the api.
 * </ul>
 *
 * A bad setting is one line on stderr naming it, the value and what is allowed, exit 2.
 */
public final class ServeMain {

  private ServeMain() {}

  /** What {@link #start} started: the api and the server it serves. */
  public record Serving(ApiServer api, ExternalServer server) implements AutoCloseable {
    @Override
    public void close() {
      api.close();
      server.close();
    }
  }

  public static void main(String[] args) throws Exception {
    Serving s;
    try {
      s = start(System.getenv(), msg -> System.err.println("apex-bench-api: " + msg));
    } catch (BenchException e) {
      System.err.println("apex-bench-api: " + e.getMessage());
      System.exit(e.exitCode());
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      s.close();
      stopped.countDown();
    }, "apex-bench-api-stop"));
    System.err.println("apex-bench-api: serving " + s.api().baseUrl() + " (/health, /metrics, /dataset)");
    stopped.await();
  }

  /** Reads the settings from {@code env}, seeds if needed and starts the api. */
  public static Serving start(Map<String, String> env, java.util.function.Consumer<String> say) {
    String db = env.getOrDefault("APEX_BENCH_DB", "postgresql://");
    DbSpec spec = DbSpec.parse(db, null, env);
    if (spec.provider() != Provider.EXTERNAL) {
      throw BenchException.usage("APEX_BENCH_DB: '" + db + "' is not allowed here (allowed: an existing server, as a"
          + " jdbc:postgresql:// URL, a postgresql:// URI or host=... dbname=...; the image has no embedded server)");
    }
    if (spec.note() != null) {
      say.accept(spec.note());
    }
    DatasetSpec dataset;
    SchemaVariant variant;
    try {
      dataset = new DatasetSpec(DatasetSpec.parseScale(env.getOrDefault("APEX_BENCH_SCALE", "1")),
          longSetting(env, "APEX_BENCH_SEED", DatasetSpec.DEFAULT_SEED));
    } catch (DatasetSpec.InvalidSpec e) {
      throw BenchException.usage("APEX_BENCH_SCALE: " + e.getMessage().replaceFirst("^--scale: ", ""));
    }
    try {
      variant = SchemaVariant.parse(env.getOrDefault("APEX_BENCH_SCHEMA_VARIANT", "report"));
    } catch (RuntimeException e) {
      throw BenchException.usage("APEX_BENCH_SCHEMA_VARIANT: " + e.getMessage().replaceFirst("^--schema-variant: ", ""));
    }
    ApiSettings d = ApiSettings.defaults();
    ApiSettings settings;
    try {
      settings = new ApiSettings(env.getOrDefault("APEX_BENCH_BIND", "0.0.0.0"), (int) longSetting(env, "APEX_BENCH_PORT", 8080),
          (int) longSetting(env, "APEX_BENCH_POOL_SIZE", d.poolSize()), d.acquireTimeoutMs(), d.statementTimeoutMs(), d.workerThreads(),
          d.shutdownGraceMs(), d.parseTimeoutMs(), d.idleTimeoutMs(), d.readTimeoutMs(), d.maxConnections()).validate();
    } catch (IllegalArgumentException e) {
      throw BenchException.usage(e.getMessage().replaceFirst("^--port", "APEX_BENCH_PORT").replaceFirst("^--pool-size", "APEX_BENCH_POOL_SIZE"));
    }
    ExternalServer server = ExternalServer.open(spec);
    try {
      Seeder.Outcome o = new Seeder(say, Progress.NONE).ensure(server, new Seeder.Request(dataset, variant, false));
      say.accept(o.reused() ? "reusing the stored dataset (fingerprint " + o.info().fingerprint().substring(0, 16) + "...)"
          : String.format(java.util.Locale.ROOT, "seeded the dataset in %.1f s", o.seconds()));
      Properties props = server.connectionProperties();
      props.setProperty("ApplicationName", "apex-bench-api");
      return new Serving(ApiServer.start(server.connectUrl(), props, settings), server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static long longSetting(Map<String, String> env, String name, long dflt) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw BenchException.usage(name + ": '" + v + "' is not a whole number");
    }
  }
}
