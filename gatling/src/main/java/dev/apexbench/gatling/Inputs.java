package dev.apexbench.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.dataset.ProjectRow;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The fields of a seeded payload's inputs that the JSONB searches filter on. */
record Inputs(String region, String occupancy, int grossSqft) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Inputs of(ProjectRow p) {
    try {
      JsonNode n = JSON.readTree(p.inputs());
      return new Inputs(n.path("region").asText(), n.path("site").path("occupancy").asText(), n.path("site").path("gross_sqft").asInt());
    } catch (IOException e) {
      throw new UncheckedIOException("project " + p.id() + ": its generated inputs are not JSON", e);
    }
  }
}
