package dev.apexbench.gatling;

/** The write journey's requests: create, update with the etag, a deliberate stale update, delete. */
public enum WriteRoute {
  CREATE("POST /projects"),
  UPDATE("PUT /projects/{id}"),
  STALE_UPDATE("PUT /projects/{id} (stale etag, expects 412)"),
  DELETE("DELETE /projects/{id}");

  public static final String GROUP = "write";
  public final String requestName;

  WriteRoute(String requestName) {
    this.requestName = requestName;
  }
}
