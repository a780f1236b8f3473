package dev.apexbench.db.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws parameter sets from the seeded data, so that every execution hits existing rows with a
 * realistic spread. Deterministic: the same data and the same random stream give the same sets.
 */
@FunctionalInterface
public interface ParamSampler {
  List<Object[]> sample(Connection c, SplittableRandom random, int count) throws SQLException;

  /**
   * Parameter sets derived from the given projects only (for example the largest tenant's), for
   * samplers that derive parameters from projects; others ignore the restriction.
   */
  default List<Object[]> sampleFrom(Connection c, SplittableRandom random, List<Long> projectIds, int count) throws SQLException {
    return sample(c, random, count);
  }
}
