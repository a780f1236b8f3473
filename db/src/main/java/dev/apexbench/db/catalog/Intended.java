package dev.apexbench.db.catalog;

/**
 * What a query's plan is expected to use. The plan guard reports a violation when a query with
 * an {@link Index} or {@link Relation} expectation runs without it; {@link None} says, visibly,
 * that the schema has nothing that can serve the query.
 */
public sealed interface Intended {
  /** How the expectation reads in reports: an index name, "materialized view", or null. */
  String label();

  /** The plan must use this index (Index Scan, Index Only Scan or Bitmap Index Scan). */
  record Index(String name) implements Intended {
    @Override
    public String label() {
      return name;
    }
  }

  /**
   * The plan must read this relation (e.g. the materialized view instead of the base table) through
   * this index of it, never by a sequential scan.
   */
  record Relation(String relation, String label, String index) implements Intended {}

  /** No index in this schema variant can serve the query; the reason says why. */
  record None(String reason) implements Intended {
    @Override
    public String label() {
      return null;
    }
  }
}
