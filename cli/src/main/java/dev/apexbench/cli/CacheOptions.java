package dev.apexbench.cli;

import picocli.CommandLine.Option;

/** How the shared buffers start a measured phase: prewarmed (the default) or cold. */
public final class CacheOptions {
  @Option(
      names = "--no-prewarm",
      description = "Measure from a cold start: do not load the harness's tables and indexes into shared buffers before each"
          + " measured phase, and empty them of those relations where the server allows (PostgreSQL 17+ with pg_buffercache,"
          + " as a superuser), so the hit rates can fall below 100 %%. Default: prewarm (hit rates then show a warmed server).")
  boolean noPrewarm;

  boolean prewarm() {
    return !noPrewarm;
  }
}
