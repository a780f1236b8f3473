package dev.apexbench.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.function.Consumer;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** JMH's normal text output to a log, plus one progress line per benchmark for people. */
final class ProgressOutput implements OutputFormat {
  private final OutputFormat log;
  private final Consumer<String> progress;
  private final int total;
  private int started;

  ProgressOutput(PrintStream log, Consumer<String> progress, int total) {
    this.log = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
    this.progress = progress;
    this.total = total;
  }

  @Override
  public void startBenchmark(BenchmarkParams p) {
    started++;
    String query = p.getParamsKeys().isEmpty() ? "baseline" : p.getParam(p.getParamsKeys().iterator().next());
    progress.accept(String.format("  jmh %d/%d: %s (%d thread%s)", started, total, query, p.getThreads(), p.getThreads() == 1 ? "" : "s"));
    log.startBenchmark(p);
  }

  @Override
  public void iteration(BenchmarkParams b, IterationParams p, int i) {
    log.iteration(b, p, i);
  }

  @Override
  public void iterationResult(BenchmarkParams b, IterationParams p, int i, IterationResult r) {
    log.iterationResult(b, p, i, r);
  }

  @Override
  public void endBenchmark(BenchmarkResult r) {
    log.endBenchmark(r);
  }

  @Override
  public void startRun() {
    log.startRun();
  }

  @Override
  public void endRun(Collection<RunResult> r) {
    log.endRun(r);
  }

  @Override
  public void print(String s) {
    log.print(s);
  }

  @Override
  public void println(String s) {
    log.println(s);
  }

  @Override
  public void flush() {
    log.flush();
  }

  @Override
  public void close() {
    log.close();
  }

  @Override
  public void verbosePrintln(String s) {
    log.verbosePrintln(s);
  }

  @Override
  public void write(int b) {
    log.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    log.write(b);
  }
}
