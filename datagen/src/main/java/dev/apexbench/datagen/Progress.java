package dev.apexbench.datagen;

/** Receives loader progress: rows written so far out of the total. */
@FunctionalInterface
public interface Progress {
  void rows(long done, long total);

  Progress NONE = (done, total) -> {};
}
