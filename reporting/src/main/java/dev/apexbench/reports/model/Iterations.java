package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A query's JMH measurement iterations, one value per iteration (all forks, in order): the unit
 * the comparison tests and the confidence interval of the mean is computed from, because
 * iterations vary the way runs vary, while the samples inside one iteration are not independent
 * draws (same JIT state, same cache, same moment of the machine). Milliseconds.
 *
 * @param forks how many JMH forks the iterations came from
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Iterations(int forks, List<Long> samples, List<Double> meanMs, List<Double> p50Ms, List<Double> p95Ms) {}
