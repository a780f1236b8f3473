package dev.apexbench.reports.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The machine the numbers were measured on; load averages say how busy it was. The fields after
 * {@code loadAverageEnd} are null in files written before they existed.
 *
 * @param osName the operating system's name (os.name), without the kernel version
 * @param arch the CPU architecture (os.arch)
 * @param jvmVendor java.vm.vendor
 * @param jvmVersion java.version (17.0.15)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Machine(
    int cores,
    long memoryBytes,
    String os,
    String jvm,
    String hostname,
    Double loadAverageStart,
    Double loadAverageEnd,
    String osName,
    String arch,
    String jvmVendor,
    String jvmVersion) {

  /** Total memory in whole GiB (what a machine kind promises; the exact byte count varies by kernel). */
  public Long memoryGib() {
    return memoryBytes <= 0 ? null : Math.round(memoryBytes / (double) (1L << 30));
  }
}
