package dev.apexbench.harness.run;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.DbSpec;
import dev.apexbench.db.SchemaVariant;

/**
 * Which server and which dataset a measuring command starts from.
 *
 * @param db where PostgreSQL comes from (embedded, docker, an existing server)
 * @param reset drop and rebuild the harness schema even if it holds a dataset
 * @param dataset scale and seed
 * @param variant the index set on top of the report's schema
 */
public record SessionRequest(DbSpec db, boolean reset, DatasetSpec dataset, SchemaVariant variant) {
  /** The same request at another data scale. */
  public SessionRequest atScale(java.math.BigDecimal scale) {
    return new SessionRequest(db, reset, new DatasetSpec(scale, dataset.seed()), variant);
  }

  /** The same request with another schema variant. */
  public SessionRequest withVariant(SchemaVariant v) {
    return new SessionRequest(db, reset, dataset, v);
  }
}
