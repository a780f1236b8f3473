package dev.apexbench.jmh;

import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import dev.apexbench.db.catalog.QueryClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the catalog benchmarks for a set of catalog entries: one JMH run, each family's class
 * included with its {@code @Param} narrowed to the selected entries (so the classes keep their
 * meaning), the baseline beside them, the JSON result kept as {@code jmh.json}.
 */
public final class JmhLauncher {
  private JmhLauncher() {}

  /** The benchmark class and its {@code @Param} field, per query class. */
  public record Family(Class<?> benchmark, String param) {}

  public static final Map<QueryClass, Family> FAMILIES;

  static {
    Map<QueryClass, Family> m = new LinkedHashMap<>();
    m.put(QueryClass.SIMPLE, new Family(SimpleFilterBenchmark.class, "simpleQuery"));
    m.put(QueryClass.COMPOSITE, new Family(CompositeQueryBenchmark.class, "compositeQuery"));
    m.put(QueryClass.AGGREGATION, new Family(AggregationBenchmark.class, "aggregationQuery"));
    m.put(QueryClass.JSONB, new Family(JsonbQueryBenchmark.class, "jsonbQuery"));
    FAMILIES = java.util.Collections.unmodifiableMap(m);
  }

  /**
   * @param connection system properties the benchmark state reads ({@link CatalogQueryState#URL},
   *     {@link CatalogQueryState#PROPS}, {@link CatalogQueryState#SEED})
   * @param log where JMH's own text output goes (a file in the run directory)
   * @param progress one line per benchmark started
   */
  public static Collection<RunResult> run(
      JmhSettings s,
      List<CatalogQuery> queries,
      boolean baseline,
      Map<String, String> connection,
      Path resultJson,
      java.io.PrintStream log,
      Consumer<String> progress)
      throws RunnerException {
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .forks(s.forks())
            .warmupIterations(s.warmupIterations())
            .warmupTime(TimeValue.milliseconds(s.warmupTime().toMillis()))
            .measurementIterations(s.measurementIterations())
            .measurementTime(TimeValue.milliseconds(s.measurementTime().toMillis()))
            .threads(s.threads())
            .shouldFailOnError(true)
            .result(resultJson.toString())
            .resultFormat(ResultFormatType.JSON);
    int count = 0;
    for (Map.Entry<QueryClass, Family> f : FAMILIES.entrySet()) {
      String[] names = queries.stream().filter(q -> q.queryClass() == f.getKey()).map(CatalogQuery::name).toArray(String[]::new);
      if (names.length > 0) {
        o.include("^" + Pattern.quote(f.getValue().benchmark().getName() + ".") + "query$");
        o.param(f.getValue().param(), names);
        count += names.length;
      }
    }
    if (baseline) {
      o.include("^" + Pattern.quote(BaselineBenchmark.class.getName() + ".") + "baseline$");
      count++;
    }
    List<String> jvmArgs = new ArrayList<>();
    jvmArgs.add("-Xmx" + s.maxHeap());
    connection.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
    if (!s.extraArgs().isEmpty()) {
      // --jmh-args: profilers and the forks' JVM; the harness's own settings above win over the rest
      org.openjdk.jmh.runner.options.CommandLineOptions extra;
      try {
        extra = new org.openjdk.jmh.runner.options.CommandLineOptions(s.extraArgs().toArray(new String[0]));
      } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
        throw new RunnerException("--jmh-args: " + e.getMessage(), e);
      }
      o.parent(extra);
      if (extra.getJvmArgsAppend().hasValue()) {
        jvmArgs.addAll(extra.getJvmArgsAppend().get());
      }
    }
    if (s.forks() > 0) {
      o.jvmArgsAppend(jvmArgs.toArray(new String[0]));
    } else {
      connection.forEach(System::setProperty);
    }
    return new Runner(o.build(), new ProgressOutput(log, progress, count)).run();
  }

  /** The catalog entries a benchmark result is about (its family param, or "baseline"). */
  public static String queryOf(RunResult r) {
    for (Family f : FAMILIES.values()) {
      String v = r.getParams().getParam(f.param());
      if (v != null) {
        return v;
      }
    }
    return QueryCatalog.BASELINE.name();
  }
}
