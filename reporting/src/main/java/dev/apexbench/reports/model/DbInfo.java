package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** The server measured: provider (embedded, docker, external), version, settings as reported. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbInfo(
    String provider,
    String url,
    String serverVersion,
    String version,
    Map<String, String> settings,
    boolean pgStatStatements) {}
