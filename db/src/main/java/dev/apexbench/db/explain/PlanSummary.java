package dev.apexbench.db.explain;

import java.util.List;

/**
 * What {@code bench explain} records of one query's plan.
 *
 * @param intended the intended index or relation label, or null when none can serve the query
 * @param usesIntended null when there is no intended index
 * @param violation the query has an intended index and the plan does not use it
 * @param genericPlan PostgreSQL chose a generic plan for the prepared statement
 * @param note why there is no intended index, when there is none
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
    String json) {}
