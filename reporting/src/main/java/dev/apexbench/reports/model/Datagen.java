package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The dataset: counts, how fast it loaded, its fingerprint (equal fingerprints = identical rows). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Datagen(
    long projects,
    long payloads,
    long events,
    double seconds,
    double rowsPerSec,
    String fingerprint,
    boolean reused) {}
