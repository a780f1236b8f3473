package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * An endpoint's successful responses per interval of the load (by completion time): the unit the
 * comparison tests, because it varies between runs the way a run varies (a run's individual
 * responses are not independent draws). Whole milliseconds; intervals without a successful
 * response are left out.
 *
 * @param seconds the length of one interval
 * @param index each interval's position (0 = the first {@code seconds} of the load)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Intervals(int seconds, List<Integer> index, List<Long> requests, List<Double> p50Ms, List<Double> p95Ms) {}
