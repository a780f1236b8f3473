package dev.apexbench.cli;

import dev.apexbench.db.BenchException;
import dev.apexbench.harness.reference.ReferenceServer;
import dev.apexbench.harness.reference.ReferenceSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench reference}: the reference server of known capacity, served until interrupted. */
@Command(
    name = "reference",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve the reference server, a standard of known capacity, on 127.0.0.1 until Ctrl-C: the api's contract routes the load",
      "drives, answered after a service time by N workers with P permits (a pool's stand-in). Its open-model capacity is",
      "min(N, P) / S; with sigma and kappa its closed-model throughput follows the Universal Scalability Law exactly. Point",
      "bench load, capacity or compare at it (--target-url) to see what they measure of a known answer."
    })
final class ReferenceCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "Requests served at once; the rest queue. Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--pool-size", paramLabel = "P", description = "Permits a request holds while served. Default: as many as the workers.")
  Integer poolSize;

  @Option(names = "--service-time", paramLabel = "D", defaultValue = "20ms", converter = ServiceTimeConverter.class,
      description = "Each request's base service time, e.g. 20ms. Default: ${DEFAULT-VALUE}.")
  Duration serviceTime;

  @Option(names = "--exponential", description = "Exponential service times with that mean (an M/M/c queue) instead of fixed ones (M/D/c).")
  boolean exponential;

  @Option(names = "--sigma", paramLabel = "S", defaultValue = "0", description = "USL contention, 0 to 1. Default: ${DEFAULT-VALUE}.")
  double sigma;

  @Option(names = "--kappa", paramLabel = "K", defaultValue = "0", description = "USL coherency, 0 to 1. Default: ${DEFAULT-VALUE}.")
  double kappa;

  @Option(names = "--slowdown", paramLabel = "PCT", defaultValue = "0", description = "Every service time longer by this many percent. Default: ${DEFAULT-VALUE}.")
  double slowdown;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8090", description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Mixin DatasetOptions data;
  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    ReferenceSettings settings;
    try {
      settings = new ReferenceSettings(workers, poolSize == null ? workers : poolSize, serviceTime, exponential, sigma, kappa, slowdown, data.seed,
          data.spec());
    } catch (IllegalArgumentException e) {
      throw BenchException.usage("--" + e.getMessage());
    }
    if (port < 0 || port > 65535) {
      throw BenchException.usage("--port: " + port + " is not allowed (allowed: 0 to 65535)");
    }
    ReferenceServer server;
    try {
      server = ReferenceServer.start(settings, port);
    } catch (IllegalStateException e) {
      throw BenchException.environment(e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "apex-bench-reference-stop"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "serving the reference server on %s: %d workers, %d permits, service %s %s; capacity %.1f requests/s; Ctrl-C stops%n",
        server.baseUrl(), settings.workers(), settings.poolSize(), serviceTime.toMillis() + " ms", exponential ? "(exponential)" : "(fixed)",
        settings.capacityRps());
    out.flush();
    stopped.await();
    return 0;
  }

  /** A service time: 0 to 60 s, e.g. 20ms, 1s (a plain number is milliseconds). */
  static final class ServiceTimeConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String v) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s)?").matcher(v.trim());
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration d = "s".equals(m.group(2)) ? Duration.ofSeconds(n) : Duration.ofMillis(n);
        if (d.toSeconds() <= 60) {
          return d;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("'" + v + "' is not allowed (allowed: 0 to 60 s, e.g. 20ms or 1s; a plain"
          + " number is milliseconds)");
    }
  }
}
