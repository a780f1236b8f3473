package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of a catalog query, run as a server-side prepared
 * statement after enough executions for PostgreSQL's plan cache to settle (so it is the plan the
 * benchmark sees).
 *
 * @param usesIntendedIndex null when the query has no intended index
 * @param violation true when the query has an intended index and the plan does not use it
 * @param genericPlan true when PostgreSQL chose a generic plan for the prepared statement
 * @param json the plan as PostgreSQL printed it
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
    JsonNode json) {}
