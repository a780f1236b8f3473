package dev.apexbench.db.explain;

import java.util.List;

/**
 * What {@code bench explain} records of one query's plans: the headline plan (custom plan, first
 * sampled parameter set) and every checked combination of plan-cache mode and parameter set.
 *
 * @param intended the intended index or relation label, or null when none can serve the query
 * @param usesIntended null when there is no intended index; else whether every checked plan uses it
 * @param violation some checked plan misses the intended index or seq-scans a guarded relation
 * @param genericPlan the headline plan is a generic plan
 * @param note why there is no intended index, when there is none
 * @param checks every (plan-cache mode, parameter set) explained, with its verdict
 */
public record PlanSummary(
    List<String> nodeTypes,
    List<String> indexesUsed,
    List<String> relations,
    String intended,
    Boolean usesIntended,
    boolean violation,
    long rows,
    long sharedHitBlocks,
    long sharedReadBlocks,
    double planningMs,
    double executionMs,
    boolean genericPlan,
    List<String> params,
    String note,
    String json,
    List<Check> checks) {

  /**
   * One explained plan.
   *
   * @param mode the plan_cache_mode it was explained under: force_custom_plan or force_generic_plan
   * @param paramSet which parameter set: "sample 1", ..., "largest tenant"
   * @param seqScans relations read by a sequential scan
   * @param pass true when it uses the intended index (or relation through its index) and seq-scans
   *     no relation that has an intended index in the catalog; true when nothing is intended
   * @param reason why it failed, or null
   * @param signature the plan's shape ({@link PlanAnalyzer#signature})
   * @param blocks shared blocks the execution touched, hit or read
   */
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
      long blocks) {}
}
