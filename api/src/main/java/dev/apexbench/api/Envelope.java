package dev.apexbench.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The apex response envelope: {@code result}, {@code confidence}, and a {@code trace} naming the
 * catalog queries that answered, with {@code content_sha256} and {@code constants_version} where
 * they apply.
 */
final class Envelope {
  private Envelope() {}

  static ObjectNode of(JsonNode result, JsonNode confidence, List<String> queries, JsonNode project) {
    ObjectNode env = Json.MAPPER.createObjectNode();
    env.set("result", result);
    env.set("confidence", confidence == null ? env.nullNode() : confidence);
    ObjectNode trace = env.putObject("trace");
    ArrayNode q = trace.putArray("queries");
    queries.forEach(q::add);
    if (project != null) {
      trace.set("content_sha256", project.path("content_sha256"));
      trace.set("constants_version", project.path("constants_version"));
    }
    return env;
  }
}
