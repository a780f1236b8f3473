package dev.apexbench.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The api's routes by method and path template ({@code /projects/{id}}), matched against the raw
 * request path segment by segment, so that the api, not the HTTP server, decides what a malformed
 * path means: a bad %-escape is a 400 naming the path, an unknown path a 404, a known path with
 * another method a 405 with {@code Allow}. A literal segment wins over a parameter ({@code
 * /projects/by-sha/x} is not {@code /projects/{id}/x}). HEAD is answered by the GET route (the
 * server sends no body).
 */
final class Router {
  /** One route: its method, template, and what runs it. */
  record Route(String method, String template, String[] segments, Endpoint endpoint) {
    int literals() {
      int n = 0;
      for (String s : segments) {
        n += s.startsWith("{") ? 0 : 1;
      }
      return n;
    }
  }

  /** A matched route and its decoded path parameters. */
  record Match(Route route, Map<String, String> pathParams) {}

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String template, Endpoint endpoint) {
    routes.add(new Route(method, template, split(template), endpoint));
  }

  List<Route> routes() {
    return routes;
  }

  /**
   * The route for a request; throws the 400, 404 or 405 the api answers instead.
   *
   * @param rawPath the path as sent, %-escapes undecoded
   */
  Match match(String method, String rawPath) {
    String[] raw = split(rawPath);
    String[] decoded = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      decoded[i] = Url.decode(raw[i], false, "path");
    }
    String wanted = method.equals("HEAD") ? "GET" : method;
    Route best = null;
    Map<String, String> bestParams = null;
    TreeSet<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      Map<String, String> params = matches(r, decoded);
      if (params == null) {
        continue;
      }
      if (!r.method().equals(wanted)) {
        allowed.add(r.method());
        if (r.method().equals("GET")) {
          allowed.add("HEAD");
        }
        continue;
      }
      if (best == null || r.literals() > best.literals()) {
        best = r;
        bestParams = params;
      }
    }
    if (best != null) {
      return new Match(best, bestParams);
    }
    if (!allowed.isEmpty()) {
      throw ApiException.methodNotAllowed(method, rawPath, String.join(", ", allowed));
    }
    throw new ApiException(404, "not_found", null, "no route " + ApiException.echo(method) + " " + ApiException.echo(rawPath));
  }

  private static Map<String, String> matches(Route r, String[] path) {
    if (r.segments().length != path.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < path.length; i++) {
      String t = r.segments()[i];
      if (t.startsWith("{")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), path[i]);
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  /** "/a/b/" -> [a, b, ""]; "/" -> []. */
  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
