package dev.apexbench.db.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The report's query classes, each with its documented target. */
public enum QueryClass {
  SIMPLE("simple"),
  COMPOSITE("composite"),
  AGGREGATION("aggregation"),
  JSONB("jsonb");

  private final String label;

  QueryClass(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Optional<QueryClass> find(String label) {
    return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
  }
}
