package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of a catalog query, through the benchmark's own JDBC
 * prepared statement (same parameter types), under both plan-cache modes and several parameter
 * sets (the largest tenant's among them). The top-level fields describe the headline plan (custom
 * plan, first parameter set); {@code checks} has every combination.
 *
 * @param usesIntendedIndex null when the query has no intended index; else whether every checked
 *     plan uses it
 * @param violation true when some checked plan misses the intended index or reads a relation that
 *     has an intended index by a sequential scan
 * @param genericPlan true when the headline plan is a generic plan
 * @param json the headline plan as PostgreSQL printed it
 * @param checks every (plan-cache mode, parameter set) explained (null in older files)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Plan(
    List<String> nodeTypes,
    List<String> indexesUsed,
    List<String> relations,
    String intended,
    Boolean usesIntendedIndex,
    boolean violation,
    long rows,
    long sharedHitBlocks,
    long sharedReadBlocks,
    double planningMs,
    double executionMs,
    Boolean genericPlan,
    List<String> params,
    JsonNode json,
    List<Check> checks) {

  /**
   * One explained combination.
   *
   * @param mode force_custom_plan or force_generic_plan
   * @param paramSet "sample 1", ..., "largest tenant"
   * @param seqScans relations read by a sequential scan
   * @param reason why it failed, or null
   * @param signature the plan's shape: node types with their relation, index, join type, strategy
   *     and scan direction, children in plan order (null in older files)
   * @param blocks shared blocks the execution touched, hit or read (null in older files): on one
   *     dataset the same on every run unless the plan or the data changed
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Check(
      String mode,
      String paramSet,
      List<String> params,
      List<String> nodeTypes,
      List<String> indexesUsed,
      List<String> seqScans,
      boolean generic,
      double executionMs,
      boolean pass,
      String reason,
      String signature,
      Long blocks) {

    /** mode / parameter set: what identifies a check across runs. */
    public String key() {
      return mode + " / " + paramSet;
    }
  }
}
