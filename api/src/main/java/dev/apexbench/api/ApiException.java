package dev.apexbench.api;

/** An answer other than 2xx, with the JSON error body it carries. */
final class ApiException extends RuntimeException {
  final int status;
  final String error;
  final String parameter;

  ApiException(int status, String error, String parameter, String message) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.parameter = parameter;
  }

  /** How much of a rejected value an error message repeats: an error never echoes a large input back. */
  static final int ECHO_LIMIT = 80;

  static ApiException badParameter(String name, String value, String allowed) {
    return new ApiException(
        400, "bad_parameter", name, "parameter '" + name + "': '" + echo(value) + "' is not allowed (allowed: " + allowed + ")");
  }

  /**
   * A value as an error message may repeat it: at most {@value #ECHO_LIMIT} characters (the rest
   * counted, not shown), control characters (NUL included) as Unicode escapes (backslash, u, four hex digits).
   */
  static String echo(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(value.length(), ECHO_LIMIT) + 24);
    int shown = 0;
    for (int i = 0; i < value.length() && shown < ECHO_LIMIT; i++, shown++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (value.length() > ECHO_LIMIT) {
      sb.append("... (").append(value.length()).append(" characters)");
    }
    return sb.toString();
  }

  static ApiException methodNotAllowed(String method, String path, String allow) {
    ApiException e = new ApiException(405, "method_not_allowed", null, echo(method) + " is not allowed on " + echo(path) + " (allowed: " + allow + ")");
    e.allow = allow;
    return e;
  }

  /** For a 405: the methods the path allows, for the {@code Allow} header; null otherwise. */
  String allow;

  static ApiException internal(String incident) {
    return new ApiException(500, "internal_error", null, "the server failed to answer; incident " + incident + " is in its log");
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not_found", null, what + " not found");
  }

  static ApiException preconditionFailed(String message) {
    return new ApiException(412, "precondition_failed", "If-Match", message);
  }

  static ApiException unavailable(String error, String message) {
    return new ApiException(503, error, null, message);
  }
}
