package dev.apexbench.harness.distributed;

/**
 * Injector {@code index} of {@code count} in a distributed load (index from 0, as Kubernetes'
 * JOB_COMPLETION_INDEX): 1/count of the scheduled rate, its own write tenants, its own random stream.
 */
public record InjectorSlot(int index, int count) {
  public String label() {
    return index + "/" + count;
  }

  /** A feed list per request name, each rotated by {@code index/count} of its length, so injectors do not walk it in step. */
  public java.util.Map<String, java.util.List<java.util.Map<String, Object>>> rotate(
      java.util.Map<String, java.util.List<java.util.Map<String, Object>>> feeds) {
    if (index == 0) {
      return feeds;
    }
    java.util.Map<String, java.util.List<java.util.Map<String, Object>>> out = new java.util.LinkedHashMap<>();
    feeds.forEach((k, v) -> {
      java.util.List<java.util.Map<String, Object>> copy = new java.util.ArrayList<>(v);
      java.util.Collections.rotate(copy, -(int) ((long) v.size() * index / count));
      out.put(k, copy);
    });
    return out;
  }
}
