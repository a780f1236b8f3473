package dev.apexbench.db.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.apexbench.db.catalog.Intended;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads an {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} document and checks it. */
public final class PlanAnalyzer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM_REF = Pattern.compile("\\$\\d+");

  private PlanAnalyzer() {}

  public static PlanSummary analyze(String explainJson, Intended intended, List<String> params) {
    JsonNode doc;
    try {
      doc = JSON.readTree(explainJson);
    } catch (IOException e) {
      throw new UncheckedIOException("EXPLAIN output is not JSON", e);
    }
    JsonNode top = doc.isArray() ? doc.get(0) : doc;
    JsonNode root = top.get("Plan");
    Set<String> nodeTypes = new LinkedHashSet<>();
    Set<String> indexes = new LinkedHashSet<>();
    Set<String> relations = new LinkedHashSet<>();
    walk(root, nodeTypes, indexes, relations);

    Boolean uses;
    String note = null;
    if (intended instanceof Intended.Index i) {
      uses = indexes.contains(i.name());
    } else if (intended instanceof Intended.Relation r) {
      uses = relations.contains(r.relation());
    } else {
      uses = null;
      note = ((Intended.None) intended).reason();
    }
    return new PlanSummary(
        new ArrayList<>(nodeTypes),
        new ArrayList<>(indexes),
        new ArrayList<>(relations),
        intended.label(),
        uses,
        uses != null && !uses,
        root.path("Actual Rows").asLong(),
        root.path("Shared Hit Blocks").asLong(),
        root.path("Shared Read Blocks").asLong(),
        top.path("Planning Time").asDouble(),
        top.path("Execution Time").asDouble(),
        PARAM_REF.matcher(root.toString()).find(),
        params,
        note,
        explainJson);
  }

  private static void walk(JsonNode node, Set<String> types, Set<String> indexes, Set<String> relations) {
    types.add(node.path("Node Type").asText());
    if (node.has("Index Name")) {
      indexes.add(node.get("Index Name").asText());
    }
    if (node.has("Relation Name")) {
      relations.add(node.get("Relation Name").asText());
    }
    for (JsonNode child : node.path("Plans")) {
      walk(child, types, indexes, relations);
    }
  }
}
