package dev.apexbench.jmh;

import dev.apexbench.dataset.Generator;
import dev.apexbench.dataset.DatasetSpec;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The data generator alone, in rows per second per thread (one chunk = 1,000 projects, 1,000
 * payloads and 3,000 events of COPY text). Compare with the rows/s {@code bench seed} prints: if
 * the generator is much faster than the load, the load is limited by the server (which is what
 * the loader's "generator wait" also tells).
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar GeneratorBenchmark}. No database needed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class GeneratorBenchmark {
  private Generator generator;
  private int chunk;

  @Setup(Level.Trial)
  public void setUp() {
    generator = new Generator(new DatasetSpec(new BigDecimal("10"), 42));
    chunk = 0;
  }

  @Benchmark
  @OperationsPerInvocation(5000)
  public void chunkRows(Blackhole bh) {
    bh.consume(generator.chunk(chunk));
    chunk = (chunk + 1) % generator.chunkCount();
  }
}
