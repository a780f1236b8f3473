package dev.apexbench.datagen;

/**
 * One independent slice of the dataset: the COPY text (PostgreSQL text format, UTF-8) of a range
 * of projects and of their payloads and events.
 */
public record Chunk(
    int index,
    byte[] projects,
    byte[] payloads,
    byte[] events,
    int projectRows,
    int payloadRows,
    int eventRows,
    byte[][] digests) {

  /** SHA-256 of each table's bytes in this chunk (projects, payloads, events), computed with it. */
  public byte[] digest(int table) {
    return digests[table];
  }

  public int rows() {
    return projectRows + payloadRows + eventRows;
  }
}
