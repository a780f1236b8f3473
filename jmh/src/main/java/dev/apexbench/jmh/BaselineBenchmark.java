package dev.apexbench.jmh;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The harness's own cost per call: {@code SELECT 1} through the same connection, prepared
 * statement, bind and result-reading path as every catalog query (JMH sample 08's advice: know
 * the baseline). A query's latency minus this is what the database spent on it.
 *
 * <p>Run: {@code ./bench jmh} runs it beside the queries. Expect tens of microseconds on loopback.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class BaselineBenchmark extends CatalogQueryState {
  @Override
  protected String queryName() {
    return "baseline";
  }

  @Benchmark
  public long baseline() throws SQLException {
    return execute();
  }
}
