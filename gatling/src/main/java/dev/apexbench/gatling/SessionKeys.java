package dev.apexbench.gatling;

/** Gatling session attribute names, in one place. */
public final class SessionKeys {
  private SessionKeys() {}

  public static final String RESPONSE_TIME_MS = "apex.rt";
  public static final String STATUS = "apex.status";
  /** {@link System#nanoTime()} just before a request was sent. */
  public static final String SENT_AT = "apex.sentAt";
  /** The api's Server-Timing header value of the last response. */
  public static final String SERVER_TIMING = "apex.serverTiming";
  /** {@link System#nanoTime()} when the virtual user arrived. */
  public static final String ARRIVED_AT = "apex.arrivedAt";
  public static final String ETAG = "etag";
  public static final String NEW_ETAG = "newEtag";
  public static final String PROJECT_ID = "projectId";
  public static final String ID = "id";
  public static final String STATUS_PARAM = "status";
  public static final String SHA = "sha";
  public static final String MODULE = "module";
  public static final String ACCOUNT = "account";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String REGION = "region";
  public static final String OCCUPANCY = "occupancy";
  public static final String MIN_SQFT = "minSqft";
  public static final String MAX_SQFT = "maxSqft";
  public static final String KEY = "key";
  public static final String INPUTS = "inputs";
  public static final String NAME = "name";
}
