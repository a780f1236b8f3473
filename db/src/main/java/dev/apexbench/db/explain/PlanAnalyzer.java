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
   * @param signature the plan's shape (see {@link #signature}), or null where not known
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
      boolean generic,
      String signature) {

    public Facts(List<String> nodeTypes, List<String> indexes, List<String> relations, List<String> seqScans, long rows, long sharedHit,
        long sharedRead, double planningMs, double executionMs, boolean generic) {
      this(nodeTypes, indexes, relations, seqScans, rows, sharedHit, sharedRead, planningMs, executionMs, generic, null);
    }

    /**
     * Shared blocks the execution touched (hit or read: the split depends on the cache, their sum
     * on the plan and the data only), planning's own excluded.
     */
    public long blocks() {
      return sharedHit + sharedRead;
    }
  }

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
        top.path("Planning Time").asDouble(), top.path("Execution Time").asDouble(), PARAM_REF.matcher(root.toString()).find(),
        signature(root));
  }

  /** The plan fields that make its shape: what each node is and reads, not what it estimated or measured. */
  private static final List<String> SHAPE = List.of("Parent Relationship", "Subplan Name", "Join Type", "Strategy", "Partial Mode",
      "Scan Direction", "Relation Name", "Index Name", "CTE Name", "Function Name");

  /**
   * The plan's shape as one line: every node's type with the fields that choose what it does
   * (relation, index, join type, aggregate strategy, scan direction, its role under its parent),
   * children in plan order (so the join order is in it), e.g. {@code Nested Loop{Join Type=Inner}(Index
   * Scan{Relation Name=projects;Index Name=projects_pkey},...)}. Costs, row estimates, actual
   * times and rows, buffers and worker counts are left out: on one dataset and server the line is
   * the same on every run unless the planner chose another plan.
   */
  public static String signature(JsonNode node) {
    StringBuilder out = new StringBuilder(node.path("Node Type").asText());
    StringBuilder fields = new StringBuilder();
    for (String f : SHAPE) {
      if (node.has(f)) {
        fields.append(fields.length() == 0 ? "" : ";").append(f).append('=').append(node.get(f).asText());
      }
    }
    if (fields.length() > 0) {
      out.append('{').append(fields).append('}');
    }
    if (node.has("Plans") && node.get("Plans").size() > 0) {
      out.append('(');
      boolean first = true;
      for (JsonNode child : node.get("Plans")) {
        out.append(first ? "" : ",").append(signature(child));
        first = false;
      }
      out.append(')');
    }
    return out.toString();
  }

  /** A short name for a signature: the first 12 hex digits of its SHA-256. */
  public static String signatureId(String signature) {
    if (signature == null) {
      return null;
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(signature.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
