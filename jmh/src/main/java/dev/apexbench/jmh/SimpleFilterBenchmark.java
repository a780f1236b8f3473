package dev.apexbench.jmh;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simple filters (target p95 < 10 ms): one-table lookups served by a single B-tree index.
 *
 * <p>SampleTime: JMH samples invocation times, so the result carries percentiles and the raw
 * histogram. The annotations are the defaults of a standalone run; {@code bench jmh --profile}
 * overrides forks, iterations and threads.
 *
 * <p>Run: {@code ./bench jmh --queries 'simple.*'}, or standalone against a seeded server:
 * {@code java -jar jmh/target/benchmarks.jar SimpleFilterBenchmark -jvmArgs "-Dapex.jdbc.url=jdbc:postgresql://127.0.0.1:5432/apex?user=..&currentSchema=apex_bench"}.
 * Expect sub-millisecond to tens of milliseconds per call at scale 1 on a 2-core machine; compare
 * the {@code baseline} (SELECT 1) to see what the harness itself costs.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class SimpleFilterBenchmark extends CatalogQueryState {
  /** Catalog entries of this class (a test keeps this list equal to the catalog's). */
  @Param({"simple.project_by_id", "simple.status_recent", "simple.by_content_sha", "simple.by_etag", "simple.payloads_for_module"})
  public String simpleQuery;

  @Override
  protected String queryName() {
    return simpleQuery;
  }

  @Benchmark
  public long query() throws SQLException {
    return execute();
  }
}
