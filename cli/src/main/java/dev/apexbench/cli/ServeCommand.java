package dev.apexbench.cli;

import dev.apexbench.api.ApiServer;
import dev.apexbench.api.ApiSettings;
import dev.apexbench.harness.run.Session;
import dev.apexbench.harness.run.Workspace;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench serve}: seed if needed, then serve the api until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Seed if needed, then serve the api (the system under test) until interrupted (Ctrl-C)."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatasetOptions data;
  @Mixin DbOptions db;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE} (loopback only).")
  String bind;

  @Option(names = "--pool-size", paramLabel = "N", defaultValue = "10", description = "HikariCP pool size. Default: ${DEFAULT-VALUE}.")
  int poolSize;

  @Option(names = "--acquire-timeout", paramLabel = "MS", defaultValue = "500", description = "Pool acquire timeout in ms before answering 503. Default: ${DEFAULT-VALUE}.")
  long acquireTimeout;

  @Option(names = "--worker-threads", paramLabel = "N", defaultValue = "16",
      description = "Worker threads that run the routes (JDBC blocks there; bodies are read without one). Default: ${DEFAULT-VALUE}.")
  int workerThreads;

  @Option(names = "--statement-timeout", paramLabel = "MS", defaultValue = "5000", description = "statement_timeout of api queries in ms (503 when exceeded). Default: ${DEFAULT-VALUE}.")
  long statementTimeout;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Workspace ws = common.workspace();
    ApiSettings settings;
    try {
      ApiSettings d = ApiSettings.defaults();
      settings = new ApiSettings(bind, port, poolSize, acquireTimeout, statementTimeout, workerThreads, d.shutdownGraceMs(),
          d.parseTimeoutMs(), d.idleTimeoutMs(), d.readTimeoutMs(), d.maxConnections()).validate();
    } catch (IllegalArgumentException e) {
      throw dev.apexbench.db.BenchException.usage(e.getMessage());
    }
    Session s = Session.open(ws, db.session(data));
    ApiServer api;
    try {
      java.util.Properties props = s.server.connectionProperties();
      props.setProperty("ApplicationName", "apex-bench-api"); // not a harness connection: never waited for
      api = ApiServer.start(s.server.connectUrl(), props, settings);
    } catch (RuntimeException e) {
      s.close();
      throw dev.apexbench.db.BenchException.environment("the api did not start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      s.close();
      stopped.countDown();
    }, "apex-bench-serve-stop"));
    spec.commandLine().getOut().println("serving " + api.baseUrl() + " (try " + api.baseUrl() + "/health and /metrics); Ctrl-C stops");
    spec.commandLine().getOut().println("note: writes through this api (POST, PUT, DELETE outside the load-test tenants) change the seeded"
        + " dataset; the next measuring command notices and rebuilds it (or, on a server it does not own, asks for --reset)");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
