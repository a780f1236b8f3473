package dev.apexbench.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed value of {@code --db}: {@code embedded}, {@code docker}, a {@code
 * jdbc:postgresql://host[:port]/database[?user=..&password=..]} URL, a libpq URI ({@code
 * postgresql://user@host:port/db?sslmode=require}) or a libpq keyword/value string ({@code
 * host=db dbname=apex}); see {@link Libpq} for the last two and the {@code PG*} environment.
 *
 * @param sslPassword the TLS key's password, a connection property like the password (never in the URL)
 * @param note one line for people about the credentials (where the password came from, a password
 *     file ignored for its permissions), or null
 */
public record DbSpec(Provider provider, String jdbcUrl, String user, String password, String image, String sslPassword,
    String note) {

  public static final String DEFAULT_IMAGE = "postgres:18";
  public static final String ALLOWED =
      "embedded, docker, a jdbc:postgresql://host:port/database URL, a postgresql://user@host:port/database URI"
          + " or host=... dbname=... (missing parts from PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, ~/.pgpass)";

  public DbSpec(Provider provider, String jdbcUrl, String user, String password, String image) {
    this(provider, jdbcUrl, user, password, image, null, null);
  }

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
    if (Libpq.isUri(v) || Libpq.isKeywordValue(v)) {
      return Libpq.parse(v, env);
    }
    if (v.startsWith("jdbc:postgresql://")) {
      String rest = v.substring("jdbc:postgresql://".length());
      int slash = indexOfAny(rest, '/', '?');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      String userInfo = null;
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        userInfo = authority.substring(0, at);
        authority = authority.substring(at + 1);
      }
      checkHosts(authority, v);
      String afterAuthority = slash < 0 ? "" : rest.substring(slash); // "/db?x=y" or "?x=y"
      String path = afterAuthority.startsWith("/") ? afterAuthority.substring(1).split("\\?", 2)[0] : "";
      if (path.isBlank()) {
        throw BenchException.usage("--db: '" + redact(v) + "' names no database (allowed: jdbc:postgresql://host:port/database)");
      }
      Map<String, String> query = queryParameters(v);
      String infoUser = null;
      String infoPassword = null;
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        infoUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        infoPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      }
      String user = firstNonBlank(query.get("user"), infoUser, env.get("PGUSER"), "postgres");
      String password = firstNonBlank(query.get("password"), infoPassword, env.get("PGPASSWORD"), null);
      String note = null;
      if (password == null && !authority.contains(",")) {
        // as libpq: the password file, for the one host, port, database and user
        String host = authority.startsWith("[") ? authority.substring(1, Math.max(1, authority.indexOf(']')))
            : authority.contains(":") ? authority.substring(0, authority.indexOf(':')) : authority;
        String portText = authority.matches(".*:\\d+$") ? authority.substring(authority.lastIndexOf(':') + 1) : "5432";
        PgPass.Lookup l = PgPass.lookup(PgPass.file(env), host, Integer.parseInt(portText), decode(path), user);
        password = l.password();
        note = l.warning() != null ? l.warning() : l.source() == null ? null : "password from " + l.source();
      }
      if (password == null) {
        password = "";
      }
      // the connect URL carries no credentials: they travel in connection properties only
      String url = "jdbc:postgresql://" + authority + afterAuthority;
      return new DbSpec(Provider.EXTERNAL, url, user, password, null, query.get("sslpassword"), note);
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

  /**
   * Masks every credential a URL can carry: {@code password=} and {@code sslpassword=} in the
   * query string, and the password of a {@code user:password@} user-info part.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceAll("(?i)([?&](ssl)?password=)[^&]*", "$1***").replaceAll("(//[^/@?]*?:)[^/@?]*@", "$1***@");
  }

  private static void checkHosts(String authority, String url) {
    if (authority.isBlank()) {
      throw BenchException.usage("--db: '" + redact(url) + "' has no host (allowed: jdbc:postgresql://host:port/database)");
    }
    for (String hp : authority.split(",")) {
      String host = hp;
      String port = null;
      if (hp.startsWith("[")) { // [IPv6]:port
        int close = hp.indexOf(']');
        host = close < 0 ? hp : hp.substring(0, close + 1);
        port = close >= 0 && close + 1 < hp.length() && hp.charAt(close + 1) == ':' ? hp.substring(close + 2) : null;
      } else if (hp.indexOf(':') >= 0) {
        host = hp.substring(0, hp.indexOf(':'));
        port = hp.substring(hp.indexOf(':') + 1);
      }
      if (host.isBlank()) {
        throw BenchException.usage("--db: '" + redact(url) + "' has no host (allowed: jdbc:postgresql://host:port/database)");
      }
      if (port != null) {
        int n = -1;
        try {
          n = Integer.parseInt(port);
        } catch (NumberFormatException e) {
          // reported below
        }
        if (n < 1 || n > 65535) {
          throw BenchException.usage("--db: port '" + port + "' in '" + redact(url) + "' is not allowed (allowed: a number from 1 to 65535)");
        }
      }
    }
  }

  private static int indexOfAny(String s, char... cs) {
    int best = -1;
    for (char c : cs) {
      int i = s.indexOf(c);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
      }
    }
    return best;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
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
