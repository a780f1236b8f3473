package dev.apexbench.db.catalog;

import dev.apexbench.db.SchemaVariant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One benchmarked query: the single source of its SQL for {@code explain}, {@code jmh} and the
 * api. The SQL is JDBC text ({@code ?} placeholders, {@code ??} for the jsonb {@code ?} operator).
 */
public record CatalogQuery(
    String name,
    QueryClass queryClass,
    String description,
    String sql,
    Function<SchemaVariant, Intended> intended,
    ParamSampler sampler) {

  public Intended intended(SchemaVariant variant) {
    return intended.apply(variant);
  }

  /**
   * Parameter sets for a run: a function of the run's seed and this query's name only, so two
   * runs with the same seed on the same dataset execute the same sequence.
   */
  public List<Object[]> sample(Connection c, long seed, int count) throws SQLException {
    return sampler.sample(c, new SplittableRandom(seed ^ ((long) name.hashCode() << 17)), count);
  }

  /**
   * One parameter set drawn from the projects of the largest tenant (the head of the Zipf law),
   * where this query's parameters come from projects: the case a plan chosen for an average tenant
   * handles worst.
   */
  public Object[] sampleLargestTenant(Connection c, long seed) throws SQLException {
    return sampler.sampleFrom(c, new SplittableRandom(seed ^ ((long) name.hashCode() << 17) ^ 0x1A26E57L),
        Samplers.largestTenantProjects(c), 1).get(0);
  }

  /** Binds one parameter set. */
  public static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
  }

  /** The number of {@code ?} placeholders (a {@code ??} operator is not one). */
  public int parameterCount() {
    return ServerSql.placeholders(sql);
  }
}
