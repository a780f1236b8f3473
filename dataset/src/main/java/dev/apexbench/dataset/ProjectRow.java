package dev.apexbench.dataset;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One seeded project with the values requests are built from: exactly what the seeder wrote for
 * it (the same generator code path makes both), so a load generator can address existing rows
 * knowing only the scale and the seed, without a database connection.
 *
 * @param createdMicros created_at in microseconds since the epoch
 * @param etag null where the project has none
 * @param inputs the payload's inputs JSON (canonical: sorted keys, no whitespace), UTF-8
 */
public record ProjectRow(
    long id,
    long account,
    String status,
    long createdMicros,
    long updatedMicros,
    String etag,
    String contentSha256,
    String module,
    byte[] inputs) {

  public Instant createdAt() {
    return Instant.ofEpochSecond(Math.floorDiv(createdMicros, 1_000_000L), Math.floorMod(createdMicros, 1_000_000L) * 1_000L);
  }

  public String inputsJson() {
    return new String(inputs, StandardCharsets.UTF_8);
  }
}
