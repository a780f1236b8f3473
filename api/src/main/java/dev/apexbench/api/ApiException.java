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

  static ApiException badParameter(String name, String value, String allowed) {
    return new ApiException(
        400, "bad_parameter", name, "parameter '" + name + "': '" + value + "' is not allowed (allowed: " + allowed + ")");
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
