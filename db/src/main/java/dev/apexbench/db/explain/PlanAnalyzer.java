package dev.apexbench.db.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads an {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} document: what every node does. */
public final class PlanAnalyzer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM_REF = Pattern.compile("\\$\\d+");

  private PlanAnalyzer() {}

  /**
   * The facts of one plan.
   *
   * @param indexScans index name to the relation it was scanned for (Index Scan, Index Only Scan,
   *     Bitmap Index Scan)
   * @param seqScans relations read by a sequential scan (parallel or not)
   * @param generic the plan still refers to parameters ($1...): a generic plan
   */
  public record Facts(
      List<String> nodeTypes,
      List<String> indexes,
      List<String> relations,
      List<String> seqScans,
      long rows,
      long sharedHit,
      long sharedRead,
      double planningMs,
      double executionMs,
      boolean generic) {}

  public static Facts analyze(String explainJson) {
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
    Set<String> seqScans = new LinkedHashSet<>();
    walk(root, nodeTypes, indexes, relations, seqScans);
    return new Facts(new ArrayList<>(nodeTypes), new ArrayList<>(indexes), new ArrayList<>(relations), new ArrayList<>(seqScans),
        root.path("Actual Rows").asLong(), root.path("Shared Hit Blocks").asLong(), root.path("Shared Read Blocks").asLong(),
        top.path("Planning Time").asDouble(), top.path("Execution Time").asDouble(), PARAM_REF.matcher(root.toString()).find());
  }

  private static void walk(JsonNode node, Set<String> types, Set<String> indexes, Set<String> relations, Set<String> seqScans) {
    String type = node.path("Node Type").asText();
    types.add(type);
    if (node.has("Index Name")) {
      indexes.add(node.get("Index Name").asText());
    }
    if (node.has("Relation Name")) {
      relations.add(node.get("Relation Name").asText());
      if (type.equals("Seq Scan")) {
        seqScans.add(node.get("Relation Name").asText());
      }
    }
    for (JsonNode child : node.path("Plans")) {
      walk(child, types, indexes, relations, seqScans);
    }
  }
}
