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
}
