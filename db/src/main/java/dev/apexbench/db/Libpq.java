package dev.apexbench.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Connection strings the way PostgreSQL users write them, turned into a pgjdbc URL and
 * credentials: libpq URIs ({@code postgresql://user@host:port/db?sslmode=require}, also
 * {@code postgres://}) and keyword/value strings ({@code host=db port=5433 dbname=apex}). What the
 * string leaves out comes from the environment as libpq takes it: {@code PGHOST}, {@code PGPORT},
 * {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}, then the password file ({@link PgPass}).
 *
 * <p>The TLS and session parameters pgjdbc understands pass through under pgjdbc's names
 * ({@link #PARAMETERS}); any other parameter is refused in one line, so nothing is silently
 * dropped. Unix-domain sockets are refused too: pgjdbc connects over TCP.
 */
final class Libpq {

  /** libpq parameter → pgjdbc property; the values of sslmode, gssencmode and target_session_attrs are checked. */
  static final Map<String, String> PARAMETERS = new LinkedHashMap<>();

  static {
    PARAMETERS.put("sslmode", "sslmode");
    PARAMETERS.put("sslcert", "sslcert");
    PARAMETERS.put("sslkey", "sslkey");
    PARAMETERS.put("sslrootcert", "sslrootcert");
    PARAMETERS.put("sslpassword", "sslpassword");
    PARAMETERS.put("gssencmode", "gssEncMode");
    PARAMETERS.put("connect_timeout", "connectTimeout");
    PARAMETERS.put("application_name", "ApplicationName");
    PARAMETERS.put("options", "options");
    PARAMETERS.put("target_session_attrs", "targetServerType");
    PARAMETERS.put("keepalives", "tcpKeepAlive");
  }

  private static final List<String> CONNECTION = List.of("host", "hostaddr", "port", "dbname", "user", "password");
  private static final List<String> SSLMODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  private static final Map<String, String> SESSION_ATTRS = Map.of("any", "any", "read-write", "primary", "primary", "primary",
      "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");

  private Libpq() {}

  static boolean isUri(String v) {
    return v.startsWith("postgresql://") || v.startsWith("postgres://");
  }

  /** A keyword/value string: at least one {@code keyword=value}, and no scheme. */
  static boolean isKeywordValue(String v) {
    return !v.contains("://") && v.matches("(?s)\\s*[A-Za-z_]+\\s*=.*");
  }

  /** Parses a libpq URI or keyword/value string into an external server's spec. */
  static DbSpec parse(String value, Map<String, String> env) {
    Map<String, String> p = isUri(value) ? uri(value) : keywordValue(value);
    return resolve(value, p, env);
  }

  /** {@code postgresql://[user[:password]@][host[:port][,...]][/dbname][?name=value&...]}, percent-decoded. */
  static Map<String, String> uri(String v) {
    String rest = v.substring(v.indexOf("://") + 3);
    Map<String, String> p = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    rest = q < 0 ? rest : rest.substring(0, q);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String db = slash < 0 ? "" : rest.substring(slash + 1);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      putIfNotEmpty(p, "user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon), v));
      if (colon >= 0) {
        p.put("password", decode(userInfo.substring(colon + 1), v));
      }
    }
    if (!authority.isEmpty()) {
      List<String> hosts = new ArrayList<>();
      List<String> ports = new ArrayList<>();
      for (String hp : authority.split(",", -1)) {
        String host = hp;
        String port = "";
        if (hp.startsWith("[")) {
          int close = hp.indexOf(']');
          host = close < 0 ? hp : hp.substring(0, close + 1);
          port = close >= 0 && close + 1 < hp.length() && hp.charAt(close + 1) == ':' ? hp.substring(close + 2) : "";
        } else if (hp.indexOf(':') >= 0) {
          host = hp.substring(0, hp.indexOf(':'));
          port = hp.substring(hp.indexOf(':') + 1);
        }
        hosts.add(decode(host, v));
        ports.add(decode(port, v));
      }
      if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
        p.put("host", String.join(",", hosts));
      }
      if (ports.stream().anyMatch(x -> !x.isEmpty())) {
        p.put("port", String.join(",", ports));
      }
    }
    putIfNotEmpty(p, "dbname", decode(db, v));
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw BenchException.usage("--db: '" + redact(v) + "' has a query parameter without a value: '" + pair + "' (allowed: name=value pairs joined by &)");
        }
        p.put(decode(pair.substring(0, eq), v), decode(pair.substring(eq + 1), v));
      }
    }
    return p;
  }

  /** {@code keyword = value ...}: values may be single-quoted, with {@code \'} and {@code \\} escapes. */
  static Map<String, String> keywordValue(String v) {
    Map<String, String> p = new LinkedHashMap<>();
    int i = 0;
    int n = v.length();
    while (true) {
      while (i < n && Character.isWhitespace(v.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return p;
      }
      int k = i;
      while (i < n && v.charAt(i) != '=' && !Character.isWhitespace(v.charAt(i))) {
        i++;
      }
      String key = v.substring(k, i);
      while (i < n && Character.isWhitespace(v.charAt(i))) {
        i++;
      }
      if (i >= n || v.charAt(i) != '=') {
        throw BenchException.usage("--db: '" + key + "' in the connection string has no value (allowed: keyword=value pairs, e.g."
            + " host=db.example port=5432 dbname=apex user=bench)");
      }
      i++;
      while (i < n && Character.isWhitespace(v.charAt(i))) {
        i++;
      }
      StringBuilder val = new StringBuilder();
      if (i < n && v.charAt(i) == '\'') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = v.charAt(i++);
          if (c == '\\' && i < n) {
            val.append(v.charAt(i++));
          } else if (c == '\'') {
            closed = true;
            break;
          } else {
            val.append(c);
          }
        }
        if (!closed) {
          throw BenchException.usage("--db: the quoted value of '" + key + "' is not closed (allowed: key='value', with \\' inside)");
        }
      } else {
        while (i < n && !Character.isWhitespace(v.charAt(i))) {
          char c = v.charAt(i++);
          if (c == '\\' && i < n) {
            val.append(v.charAt(i++));
          } else {
            val.append(c);
          }
        }
      }
      p.put(key, val.toString());
    }
  }

  private static DbSpec resolve(String original, Map<String, String> p, Map<String, String> env) {
    List<String> unknown = p.keySet().stream().filter(k -> !CONNECTION.contains(k) && !PARAMETERS.containsKey(k)).toList();
    if (!unknown.isEmpty()) {
      throw BenchException.usage("--db: parameter '" + unknown.get(0) + "' is not supported here (allowed: "
          + String.join(", ", CONNECTION) + ", " + String.join(", ", PARAMETERS.keySet()) + ")");
    }
    if (p.containsKey("hostaddr") && !p.containsKey("host")) {
      p.put("host", p.get("hostaddr"));
    }
    String host = firstNonBlank(p.get("host"), env.get("PGHOST"), "localhost");
    String fromWhere = p.get("host") != null && !p.get("host").isBlank() ? "host" : "PGHOST";
    for (String h : host.split(",")) {
      if (h.startsWith("/") || h.startsWith("@")) {
        throw BenchException.usage("--db: " + fromWhere + " '" + h + "' is a Unix-domain socket; the JDBC driver connects over TCP"
            + " (allowed: a host name or address, e.g. localhost)");
      }
    }
    String port = firstNonBlank(p.get("port"), env.get("PGPORT"), "5432");
    String user = firstNonBlank(p.get("user"), env.get("PGUSER"), System.getProperty("user.name"));
    String db = firstNonBlank(p.get("dbname"), env.get("PGDATABASE"), user);
    String[] hosts = host.split(",");
    String[] ports = port.split(",");
    if (ports.length != 1 && ports.length != hosts.length) {
      throw BenchException.usage("--db: " + hosts.length + " hosts but " + ports.length + " ports (allowed: one port, or one per host)");
    }
    for (String pt : ports) {
      if (!pt.isEmpty() && !(pt.matches("\\d{1,5}") && Integer.parseInt(pt) >= 1 && Integer.parseInt(pt) <= 65535)) {
        throw BenchException.usage("--db: port '" + pt + "' is not allowed (allowed: a number from 1 to 65535)");
      }
    }
    if (hosts.length == 1 && ports[0].isEmpty()) {
      ports[0] = "5432";
    }
    List<String> hostPorts = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      String pt = ports.length == 1 ? ports[0] : ports[i].isEmpty() ? "5432" : ports[i];
      hostPorts.add((hosts[i].contains(":") && !hosts[i].startsWith("[") ? "[" + hosts[i] + "]" : hosts[i]) + ":" + pt);
    }
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(String.join(",", hostPorts)).append('/')
        .append(java.net.URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20"));
    String sep = "?";
    String sslPassword = null;
    for (Map.Entry<String, String> e : p.entrySet()) {
      if (CONNECTION.contains(e.getKey())) {
        continue;
      }
      String value = translate(e.getKey(), e.getValue());
      if (e.getKey().equals("sslpassword")) {
        sslPassword = value; // a secret: a connection property, never in the URL
        continue;
      }
      url.append(sep).append(PARAMETERS.get(e.getKey())).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
      sep = "&";
    }
    String password = firstNonBlank(p.get("password"), env.get("PGPASSWORD"), null);
    String note = null;
    if (password == null && hosts.length == 1) {
      PgPass.Lookup l = PgPass.lookup(PgPass.file(env), hosts[0], Integer.parseInt(ports[0]), db, user);
      password = l.password();
      note = l.warning() != null ? l.warning() : l.source() == null ? null : "password from " + l.source();
    }
    return new DbSpec(Provider.EXTERNAL, url.toString(), user, password == null ? "" : password, null, sslPassword, note);
  }

  private static String translate(String key, String value) {
    switch (key) {
      case "sslmode" -> {
        if (!SSLMODES.contains(value)) {
          throw BenchException.usage("--db: sslmode '" + value + "' is not allowed (allowed: " + String.join(", ", SSLMODES) + ")");
        }
        return value;
      }
      case "gssencmode" -> {
        if (!List.of("disable", "prefer", "require").contains(value)) {
          throw BenchException.usage("--db: gssencmode '" + value + "' is not allowed (allowed: disable, prefer, require)");
        }
        return value;
      }
      case "target_session_attrs" -> {
        String t = SESSION_ATTRS.get(value.toLowerCase(Locale.ROOT));
        if (t == null) {
          throw BenchException.usage("--db: target_session_attrs '" + value + "' is not allowed (allowed: any, read-write, read-only,"
              + " primary, standby, prefer-standby)");
        }
        return t;
      }
      case "keepalives" -> {
        return "0".equals(value) ? "false" : "true";
      }
      case "connect_timeout" -> {
        if (!value.matches("\\d{1,6}")) {
          throw BenchException.usage("--db: connect_timeout '" + value + "' is not allowed (allowed: whole seconds, e.g. 10)");
        }
        return value;
      }
      default -> {
        return value;
      }
    }
  }

  private static void putIfNotEmpty(Map<String, String> p, String k, String v) {
    if (v != null && !v.isEmpty()) {
      p.put(k, v);
    }
  }

  private static String decode(String s, String whole) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw BenchException.usage("--db: '" + redact(whole) + "' has a bad percent-escape (allowed: %XX with two hex digits)");
    }
  }

  /** The URI with its password masked: user-info and password= parameters. */
  static String redact(String uri) {
    return uri.replaceAll("(?i)([?&](ssl)?password=)[^&]*", "$1***").replaceAll("(://[^/@?]*?:)[^/@?]*@", "$1***@");
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
