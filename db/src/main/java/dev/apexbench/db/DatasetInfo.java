package dev.apexbench.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What the harness loaded into its schema. Written last, after the load has been verified, so a
 * dataset whose load was interrupted is never mistaken for a complete one.
 */
public record DatasetInfo(
    BigDecimal scale,
    long seed,
    String schemaVariant,
    String schemaVersion,
    int generatorVersion,
    String fingerprint,
    long projects,
    long payloads,
    long events,
    double loadSeconds,
    double rowsPerSec,
    /** {@link DatasetIntegrity#encode()} as verified at seed time; null for datasets seeded before it was kept. */
    String integrity) {

  /**
   * Tenants from this account id up belong to the load test's write journeys, never to the seeded
   * data (which has at most 200 x scale accounts); their projects are the harness's to delete.
   */
  public static final long LOAD_TEST_ACCOUNTS_FROM = 1_000_000_000L;

  /** The part of the info that decides whether a dataset can be reused. */
  public record Identity(
      BigDecimal scale, long seed, String schemaVariant, String schemaVersion, int generatorVersion) {
    @Override
    public String toString() {
      return "scale "
          + scale.stripTrailingZeros().toPlainString()
          + ", seed "
          + seed
          + ", schema variant "
          + schemaVariant
          + ", schema "
          + schemaVersion
          + ", generator v"
          + generatorVersion;
    }

    public boolean matches(Identity other) {
      return scale.compareTo(other.scale) == 0
          && seed == other.seed
          && schemaVariant.equals(other.schemaVariant)
          && schemaVersion.equals(other.schemaVersion)
          && generatorVersion == other.generatorVersion;
    }
  }

  public Identity identity() {
    return new Identity(scale, seed, schemaVariant, schemaVersion, generatorVersion);
  }

  public static Optional<DatasetInfo> read(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT to_regclass('" + PgServer.SCHEMA + ".dataset_info') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return Optional.empty();
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                // to_jsonb: reads a dataset_info written before the integrity column existed too
                "SELECT scale, seed, schema_variant, schema_version, generator_version, fingerprint,"
                    + " projects, payloads, events, load_seconds, rows_per_sec, to_jsonb(d) ->> 'integrity' FROM "
                    + PgServer.SCHEMA
                    + ".dataset_info d WHERE id = 1")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new DatasetInfo(
              rs.getBigDecimal(1),
              rs.getLong(2),
              rs.getString(3),
              rs.getString(4),
              rs.getInt(5),
              rs.getString(6),
              rs.getLong(7),
              rs.getLong(8),
              rs.getLong(9),
              rs.getDouble(10),
              rs.getDouble(11),
              rs.getString(12)));
    }
  }

  public void write(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + PgServer.SCHEMA
                + ".dataset_info (id, scale, seed, schema_variant, schema_version, generator_version,"
                + " fingerprint, projects, payloads, events, load_seconds, rows_per_sec, integrity)"
                + " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setBigDecimal(1, scale);
      ps.setLong(2, seed);
      ps.setString(3, schemaVariant);
      ps.setString(4, schemaVersion);
      ps.setInt(5, generatorVersion);
      ps.setString(6, fingerprint);
      ps.setLong(7, projects);
      ps.setLong(8, payloads);
      ps.setLong(9, events);
      ps.setDouble(10, loadSeconds);
      ps.setDouble(11, rowsPerSec);
      ps.setString(12, integrity);
      ps.executeUpdate();
    }
  }
}
