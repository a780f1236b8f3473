package dev.apexbench.dataset;

/**
 * One independent slice of the dataset: the COPY text (PostgreSQL text format, UTF-8) of a range
 * of projects and of their payloads and events, and the projects' values as records.
 */
public record Chunk(
    int index,
    byte[] projects,
    byte[] payloads,
    byte[] events,
    int projectRows,
    int payloadRows,
    int eventRows,
    byte[][] digests,
    java.util.List<ProjectRow> projectRecords) {

  /** SHA-256 of each table's bytes in this chunk (projects, payloads, events), computed with it. */
  public byte[] digest(int table) {
    return digests[table];
  }

  public int rows() {
    return projectRows + payloadRows + eventRows;
  }
}
