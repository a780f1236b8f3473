package dev.apexbench.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed value of {@code --db}: {@code embedded}, {@code docker} or a {@code
 * jdbc:postgresql://host[:port]/database[?user=..&password=..]} URL.
 */
public record DbSpec(Provider provider, String jdbcUrl, String user, String password, String image) {

  public static final String DEFAULT_IMAGE = "postgres:18";
  public static final String ALLOWED =
      "embedded, docker, or a jdbc:postgresql://host:port/database URL";

  /**
   * Parses {@code value}. {@code env} supplies {@code PGUSER}/{@code PGPASSWORD} for URLs that
   * carry no credentials and {@code image} the docker image (null for the default).
   */
  public static DbSpec parse(String value, String image, Map<String, String> env) {
    if (value == null || value.isBlank()) {
      throw BenchException.usage("--db: empty value (allowed: " + ALLOWED + ")");
    }
    String v = value.trim();
    if (v.equals("embedded")) {
      return new DbSpec(Provider.EMBEDDED, null, "postgres", "", null);
    }
    if (v.equals("docker")) {
      String img = image == null || image.isBlank() ? DEFAULT_IMAGE : image.trim();
      return new DbSpec(Provider.DOCKER, null, null, null, img);
    }
    if (v.startsWith("jdbc:postgresql://")) {
      Map<String, String> query = queryParameters(v);
      String user = firstNonBlank(query.get("user"), env.get("PGUSER"), "postgres");
      String password = firstNonBlank(query.get("password"), env.get("PGPASSWORD"), null);
      if (password == null) {
        password = "";
      }
      URI uri = URI.create(v.substring("jdbc:".length()));
      if (uri.getHost() == null) {
        throw BenchException.usage(
            "--db: '" + redact(v) + "' has no host (expected jdbc:postgresql://host:port/database)");
      }
      String path = uri.getPath();
      if (path == null || path.length() <= 1) {
        throw BenchException.usage(
            "--db: '" + redact(v) + "' names no database (expected jdbc:postgresql://host:port/database)");
      }
      return new DbSpec(Provider.EXTERNAL, v, user, password, null);
    }
    throw BenchException.usage("--db: '" + value + "' is not allowed (allowed: " + ALLOWED + ")");
  }

  /** The URL with any password removed, fit for logs and result files. */
  public String safeUrl() {
    return jdbcUrl == null ? null : redact(jdbcUrl);
  }

  /**
   * The URL without credentials ({@code user}, {@code password}, {@code sslpassword}): what the
   * harness connects with and hands to child processes, while the credentials travel in
   * connection properties (pgjdbc lets URL parameters override properties, so they must be
   * removed, not masked), never on a command line or in a result file.
   */
  public String urlWithoutCredentials() {
    if (jdbcUrl == null) {
      return null;
    }
    int q = jdbcUrl.indexOf('?');
    if (q < 0) {
      return jdbcUrl;
    }
    String kept = java.util.Arrays.stream(jdbcUrl.substring(q + 1).split("&"))
        .filter(p -> !p.isEmpty())
        .filter(p -> !p.matches("(?i)(user|password|sslpassword)=.*"))
        .collect(java.util.stream.Collectors.joining("&"));
    return jdbcUrl.substring(0, q) + (kept.isEmpty() ? "" : "?" + kept);
  }

  /** Removes {@code password=...} from a JDBC URL's query string. */
  public static String redact(String url) {
    return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  private static Map<String, String> queryParameters(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = url.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : url.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String firstNonBlank(String... values) {
    for (String s : values) {
      if (s != null && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}
