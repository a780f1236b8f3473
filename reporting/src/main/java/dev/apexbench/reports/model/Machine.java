package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The machine the numbers were measured on; load averages say how busy it was. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Machine(
    int cores,
    long memoryBytes,
    String os,
    String jvm,
    String hostname,
    Double loadAverageStart,
    Double loadAverageEnd) {}
