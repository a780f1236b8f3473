package dev.apexbench.cli;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.SchemaVariant;
import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Which dataset: scale, seed and schema variant (together with the schema version, its identity). */
public final class DatasetOptions {
  @Option(
      names = "--scale",
      paramLabel = "N",
      defaultValue = "1",
      converter = ScaleConverter.class,
      description = "Data scale: 1 = 10,000 projects, 10,000 payloads, 30,000 events; any positive number (0.1, 10, 100). Default: ${DEFAULT-VALUE}.")
  BigDecimal scale;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + DatasetSpec.DEFAULT_SEED,
      converter = SeedConverter.class,
      description = "Random seed: the same seed gives byte-identical rows. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--schema-variant",
      paramLabel = "NAME",
      defaultValue = "report",
      converter = VariantConverter.class,
      description = "Index set on top of the report's schema: report (its seven indexes), report+gin (plus a GIN jsonb_path_ops index on payload inputs), report+jsonb (plus GIN jsonb_ops and a B-tree on the building size: every JSONB query indexed), report-indexes (without the seven). Default: ${DEFAULT-VALUE}.")
  SchemaVariant variant;

  DatasetSpec spec() {
    return new DatasetSpec(scale, seed);
  }

  static final class ScaleConverter implements ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String value) {
      try {
        BigDecimal v = DatasetSpec.parseScale(value);
        new DatasetSpec(v, 0);
        return v;
      } catch (DatasetSpec.InvalidSpec e) {
        throw new TypeConversionException(e.getMessage().replaceFirst("^--scale: ", ""));
      }
    }
  }

  static final class SeedConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not an integer (allowed: any 64-bit integer, for example 42)");
      }
    }
  }

  static final class VariantConverter implements ITypeConverter<SchemaVariant> {
    @Override
    public SchemaVariant convert(String value) {
      return SchemaVariant.find(value)
          .orElseThrow(
              () -> new TypeConversionException("'" + value + "' is not allowed (allowed: " + SchemaVariant.labels() + ")"));
    }
  }
}
