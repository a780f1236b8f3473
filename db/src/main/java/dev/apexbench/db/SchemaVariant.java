package dev.apexbench.db;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A named set of extra or missing indexes applied by migration on top of the report's schema.
 * The variant is part of a dataset's identity, so runs on different variants can be compared.
 */
public enum SchemaVariant {
  /** Exactly the report's schema and its seven indexes. */
  REPORT("report", List.of(), "the report's schema and its seven indexes"),
  /** Adds a GIN jsonb_path_ops index on project_payloads.inputs. */
  REPORT_GIN(
      "report+gin",
      List.of("classpath:db/variants/gin"),
      "the report's schema plus a GIN (jsonb_path_ops) index on project_payloads.inputs"),
  /**
   * Adds indexes that serve every JSONB query of the catalog: GIN jsonb_ops on
   * project_payloads.inputs (containment and key existence) and an expression B-tree on the
   * building size (the range).
   */
  REPORT_JSONB(
      "report+jsonb",
      List.of("classpath:db/variants/jsonb"),
      "the report's schema plus GIN (jsonb_ops) on project_payloads.inputs and a B-tree on (inputs #>> '{site,gross_sqft}')::int"),
  /** Drops the report's seven secondary indexes. */
  REPORT_NO_INDEXES(
      "report-indexes",
      List.of("classpath:db/variants/noindex"),
      "the report's schema without its seven secondary indexes");

  private final String label;
  private final List<String> extraLocations;
  private final String description;

  SchemaVariant(String label, List<String> extraLocations, String description) {
    this.label = label;
    this.extraLocations = extraLocations;
    this.description = description;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  public List<String> extraLocations() {
    return extraLocations;
  }

  public static Optional<SchemaVariant> find(String label) {
    return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
  }

  public static SchemaVariant parse(String label) {
    return find(label)
        .orElseThrow(
            () ->
                BenchException.usage(
                    "--schema-variant: '" + label + "' is not allowed (allowed: " + labels() + ")"));
  }

  public static String labels() {
    return Arrays.stream(values()).map(SchemaVariant::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}
