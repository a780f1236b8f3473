package dev.apexbench.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The deterministic data generator. The dataset is split into chunks of {@value #CHUNK_PROJECTS}
 * projects; chunk {@code i} depends only on the seed and {@code i} (its own random stream, its
 * own id ranges), so chunks can be generated in any order or in parallel and still give
 * byte-identical rows. Timestamps are anchored to {@link #REFERENCE}, never to the clock.
 *
 * <p>What the data looks like, and why (so that plans and latencies mean something):
 *
 * <ul>
 *   <li>Tenants: {@code 200 x scale} accounts; the number of projects per account follows a Zipf
 *       law (exponent {@value #ZIPF_EXPONENT}), so a few tenants are large, most are small.
 *   <li>Status mix: draft 25 %, estimating 30 %, submitted 20 %, accepted 15 %, rejected 10 %.
 *   <li>created_at uniform over the year before the reference instant; updated_at up to 90 days
 *       later; every event between its project's creation and last update.
 *   <li>One payload per project, JSONB shaped like estimating-module inputs (site, parameters,
 *       8-30 line items: 1-4 KB) and results; {@code content_sha256} is the SHA-256 of the
 *       canonical inputs (sorted keys, no whitespace). 8 % of projects reuse an earlier project's
 *       inputs, so the content hash has realistic duplicates (cache hits).
 *   <li>Three events per project on average (one "created" each, the rest spread at random).
 *   <li>etag set on every non-draft project and on half of the drafts, unique by construction.
 * </ul>
 */
public final class Generator {
  /** Bump when the generated rows change, so that stored datasets are rebuilt. */
  public static final int VERSION = 1;

  public static final int CHUNK_PROJECTS = 1000;
  public static final Instant REFERENCE = Instant.parse("2026-01-01T00:00:00Z");
  public static final double ZIPF_EXPONENT = 1.07;

  public static final String[] STATUSES = {"draft", "estimating", "submitted", "accepted", "rejected"};
  private static final double[] STATUS_CUMULATIVE = {0.25, 0.55, 0.75, 0.90, 1.0};
  public static final String[] MODULES = {"estimating", "takeoff", "pricing", "scheduling", "risk"};
  private static final double[] MODULE_CUMULATIVE = {0.40, 0.60, 0.80, 0.90, 1.0};
  public static final String[] REGIONS = {"us-west", "us-east", "us-central", "eu-west", "eu-central", "apac"};
  public static final String[] OCCUPANCIES = {"office", "retail", "warehouse", "residential", "healthcare", "education", "industrial"};
  private static final String[] CLIMATE_ZONES = {"1A", "2A", "2B", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "6A", "7"};
  private static final String[] CATEGORIES = {"concrete", "steel", "lumber", "electrical", "plumbing", "hvac", "finishes", "roofing", "sitework", "glazing"};
  private static final String[] UNITS = {"m3", "t", "m", "m2", "ea", "h", "lot"};
  private static final String[] CURRENCIES = {"USD", "USD", "USD", "EUR", "GBP", "CAD"};
  private static final String[] TAGS = {"retrofit", "new-build", "priority", "public", "union", "fast-track", "green", "historic"};
  private static final String[] KINDS = {"Warehouse", "Clinic", "School", "Office fit-out", "Retail unit", "Apartment block", "Data hall", "Parking deck", "Library", "Lab"};
  private static final String[] CONSTANTS_VERSIONS = {
    "core@3.2.1;rates@2025.10;regional@1.4.0",
    "core@3.2.1;rates@2025.11;regional@1.4.0",
    "core@3.3.0;rates@2025.11;regional@1.5.0",
    "core@3.3.0;rates@2025.12;regional@1.5.0;labor@2.0.1",
    "core@3.4.0-rc1;rates@2025.12;regional@1.5.2;labor@2.1.0"
  };
  private static final String[] SKU_PREFIX = new String[CATEGORIES.length];
  private static final String[][] DESCRIPTIONS = new String[CATEGORIES.length][40];

  static {
    for (int c = 0; c < CATEGORIES.length; c++) {
      SKU_PREFIX[c] = CATEGORIES[c].substring(0, 3).toUpperCase(java.util.Locale.ROOT) + "-";
      for (int k = 0; k < 40; k++) {
        DESCRIPTIONS[c][k] = CATEGORIES[c] + " package " + (k + 1);
      }
    }
  }

  private static final String[] EVENT_TYPES = {"payload_updated", "estimate_run", "status_changed", "comment", "exported"};

  private static final long DAY_MICROS = 86_400L * 1_000_000L;
  private static final long REF_MICROS = REFERENCE.getEpochSecond() * 1_000_000L;

  private final DatasetSpec spec;
  private final java.util.concurrent.CompletableFuture<NamePool> names;
  private final JsonFactory json = new JsonFactory();

  /**
   * Starts drawing the name pools in the background (Datafaker's first use costs about a second
   * on a cold JVM), so that construction can overlap with other set-up work.
   */
  public Generator(DatasetSpec spec) {
    this.spec = spec;
    this.names = java.util.concurrent.CompletableFuture.supplyAsync(() -> new NamePool(spec.seed()));
  }

  public DatasetSpec spec() {
    return spec;
  }

  public int chunkCount() {
    return (int) ((spec.projects() + CHUNK_PROJECTS - 1) / CHUNK_PROJECTS);
  }

  /** The random stream of one chunk: a function of (seed, chunk index) only. */
  static RandomGenerator chunkRandom(long seed, int chunk) {
    return new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), chunk, 0x5EED_C0DE});
  }

  /** Generates chunk {@code index}; thread-safe (each call has its own state). */
  public Chunk chunk(int index) {
    if (index < 0 || index >= chunkCount()) {
      throw new IllegalArgumentException("chunk " + index + " is outside 0.." + (chunkCount() - 1));
    }
    NamePool names = names();
    RandomGenerator rnd = chunkRandom(spec.seed(), index);
    ZipfDistribution accounts = new ZipfDistribution(rnd, spec.accounts(), ZIPF_EXPONENT);
    long first = (long) index * CHUNK_PROJECTS + 1;
    int n = (int) Math.min(CHUNK_PROJECTS, spec.projects() - first + 1);

    CopyBuffer projects = new CopyBuffer(n * 300);
    CopyBuffer payloads = new CopyBuffer(n * 3000);
    CopyBuffer events = new CopyBuffer(n * 3 * 200);
    long[] created = new long[n];
    long[] updated = new long[n];
    String[] status = new String[n];
    byte[][] inputsOf = new byte[n][];
    String[] moduleOf = new String[n];
    MessageDigest sha = sha256();
    Json json = new Json();
    ProjectRow[] rows = new ProjectRow[n];

    for (int i = 0; i < n; i++) {
      long id = first + i;
      long account = accounts.sample();
      String st = pick(STATUSES, STATUS_CUMULATIVE, rnd.nextDouble());
      long createdAt = REF_MICROS - 1 - (long) (rnd.nextDouble() * 365 * DAY_MICROS);
      long maxUpdate = Math.min(90 * DAY_MICROS, REF_MICROS - 1 - createdAt);
      long updatedAt = createdAt + (long) (rnd.nextDouble() * maxUpdate);
      created[i] = createdAt;
      updated[i] = updatedAt;
      status[i] = st;

      // payload: fresh inputs, or (8 %) an earlier project's inputs, as a cache would see
      if (i > 0 && rnd.nextDouble() < 0.08) {
        int j = rnd.nextInt(i);
        inputsOf[i] = inputsOf[j];
        moduleOf[i] = moduleOf[j];
      } else {
        moduleOf[i] = pick(MODULES, MODULE_CUMULATIVE, rnd.nextDouble());
        inputsOf[i] = json.inputs(rnd, moduleOf[i]);
      }
      String contentSha = HexFormat.of().formatHex(sha.digest(inputsOf[i]));
      boolean draft = st.equals("draft");
      Double confidence =
          (draft && rnd.nextDouble() < 0.7) || rnd.nextDouble() < 0.05
              ? null
              : clamp01(round4(0.78 + 0.12 * rnd.nextGaussian()));
      String etag =
          !draft || rnd.nextDouble() < 0.5
              ? HexFormat.of().toHexDigits(id) + HexFormat.of().toHexDigits(rnd.nextLong())
              : null;
      String name =
          names.companies[rnd.nextInt(names.companies.length)]
              + " - "
              + names.cities[rnd.nextInt(names.cities.length)]
              + " "
              + KINDS[rnd.nextInt(KINDS.length)];
      String constants = CONSTANTS_VERSIONS[rnd.nextInt(CONSTANTS_VERSIONS.length)];
      rows[i] = new ProjectRow(id, account, st, createdAt, updatedAt, etag, contentSha, moduleOf[i], inputsOf[i]);

      // projects: project_id, account_id, name, status, created_at, updated_at, etag,
      //           constants_version, content_sha256, confidence
      projects.num(id).tab().num(account).tab().text(name).tab().ascii(st).tab();
      projects.timestamp(createdAt).tab().timestamp(updatedAt).tab();
      (etag == null ? projects.nul() : projects.ascii(etag)).tab();
      projects.ascii(constants).tab().ascii(contentSha).tab();
      (confidence == null ? projects.nul() : projects.ascii(confidence.toString())).newline();

      // payloads: payload_id, project_id, module, inputs, results, created_at
      byte[] results = draft && rnd.nextDouble() < 0.6 ? null : json.results(rnd, confidence);
      payloads.num(id).tab().num(id).tab().ascii(moduleOf[i]).tab();
      payloads.escaped(inputsOf[i], 0, -1).tab();
      (results == null ? payloads.nul() : payloads.escaped(results, 0, -1)).tab();
      payloads.timestamp(createdAt).newline();
    }

    // events: one "created" per project, the remaining 2n spread over the chunk's projects
    int eventCount = (int) (n * DatasetSpec.EVENTS_PER_PROJECT);
    int[] perProject = new int[n];
    Arrays.fill(perProject, 1);
    for (int e = n; e < eventCount; e++) {
      perProject[rnd.nextInt(n)]++;
    }
    long eventId = (first - 1) * DatasetSpec.EVENTS_PER_PROJECT + 1;
    for (int i = 0; i < n; i++) {
      long projectId = first + i;
      long from = created[i];
      long span = Math.max(updated[i] - from, Math.min(3_600_000_000L, REF_MICROS - 1 - from));
      long[] times = new long[perProject[i]];
      times[0] = from;
      for (int k = 1; k < times.length; k++) {
        times[k] = from + (long) (rnd.nextDouble() * span);
      }
      Arrays.sort(times);
      for (int k = 0; k < times.length; k++) {
        String type = k == 0 ? "created" : EVENT_TYPES[rnd.nextInt(EVENT_TYPES.length)];
        events.num(eventId++).tab().num(projectId).tab().ascii(type).tab().timestamp(times[k]).tab();
        events.text(names.actors[rnd.nextInt(names.actors.length)]).tab();
        events.escaped(json.eventDetails(type, status[i], rnd), 0, -1).newline();
      }
    }
    byte[] p = projects.toByteArray();
    byte[] l = payloads.toByteArray();
    byte[] e = events.toByteArray();
    byte[][] digests = {sha.digest(p), sha.digest(l), sha.digest(e)};
    return new Chunk(index, p, l, e, n, n, eventCount, digests, java.util.List.of(rows));
  }

  private NamePool names() {
    try {
      return names.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while drawing names", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("drawing names failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * JSON documents of one chunk, written by a single reused generator (creating one per document
   * dominated the profile). Output is canonical: keys in sorted order at every level, no
   * whitespace, decimals written exactly from integer hundredths.
   */
  private final class Json {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
    private final JsonGenerator g;
    private final char[] number = new char[24];

    Json() {
      try {
        g = json.createGenerator(buf);
        g.setRootValueSeparator(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private byte[] done() throws IOException {
      g.flush();
      byte[] out = buf.toByteArray();
      buf.reset();
      return out;
    }

    private void cents(String field, long hundredths) throws IOException {
      g.writeFieldName(field);
      int len = centsChars(hundredths, number);
      g.writeNumber(number, 0, len);
    }

    byte[] inputs(RandomGenerator rnd, String module) {
      try {
        g.writeStartObject();
        g.writeStringField("currency", CURRENCIES[rnd.nextInt(CURRENCIES.length)]);
        g.writeArrayFieldStart("line_items");
        int items = 8 + rnd.nextInt(23);
        for (int k = 0; k < items; k++) {
          int c = rnd.nextInt(CATEGORIES.length);
          g.writeStartObject();
          g.writeStringField("category", CATEGORIES[c]);
          g.writeStringField("description", DESCRIPTIONS[c][rnd.nextInt(DESCRIPTIONS[c].length)]);
          cents("qty", 1 + rnd.nextInt(500_00));
          g.writeStringField("sku", SKU_PREFIX[c] + (1000 + rnd.nextInt(9000)));
          g.writeStringField("unit", UNITS[rnd.nextInt(UNITS.length)]);
          cents("unit_cost", 100 + rnd.nextInt(2_000_00));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("module", module);
        g.writeObjectFieldStart("params");
        cents("contingency_pct", 200 + rnd.nextInt(1300));
        if (rnd.nextDouble() < 0.2) {
          cents("discount_pct", 100 + rnd.nextInt(900));
        }
        cents("labor_rate", 35_00 + rnd.nextInt(90_00));
        cents("markup_pct", 500 + rnd.nextInt(2000));
        g.writeEndObject();
        g.writeStringField("region", REGIONS[rnd.nextInt(REGIONS.length)]);
        if (rnd.nextDouble() < 0.1) {
          g.writeBooleanField("rush", true);
        }
        g.writeObjectFieldStart("site");
        g.writeStringField("climate_zone", CLIMATE_ZONES[rnd.nextInt(CLIMATE_ZONES.length)]);
        g.writeNumberField("floors", 1 + rnd.nextInt(rnd.nextDouble() < 0.9 ? 6 : 40));
        g.writeNumberField("gross_sqft", 1_000 + rnd.nextInt(199_000));
        g.writeStringField("occupancy", OCCUPANCIES[rnd.nextInt(OCCUPANCIES.length)]);
        g.writeEndObject();
        g.writeArrayFieldStart("tags");
        int tags = rnd.nextInt(4);
        int start = rnd.nextInt(TAGS.length);
        for (int k = 0; k < tags; k++) {
          g.writeString(TAGS[(start + k) % TAGS.length]);
        }
        g.writeEndArray();
        g.writeNumberField("version", 2);
        g.writeEndObject();
        return done();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] results(RandomGenerator rnd, Double confidence) {
      try {
        long materials = 10_000_00L + (long) (rnd.nextDouble() * 5_000_000_00L);
        long labor = (long) (materials * (0.3 + 0.5 * rnd.nextDouble()));
        long equipment = (long) (materials * 0.1 * rnd.nextDouble());
        long overhead = (long) ((materials + labor) * 0.08);
        g.writeStartObject();
        g.writeObjectFieldStart("breakdown");
        cents("equipment", equipment);
        cents("labor", labor);
        cents("materials", materials);
        cents("overhead", overhead);
        g.writeEndObject();
        if (confidence != null) {
          g.writeNumberField("confidence", confidence);
        }
        cents("total_cost", materials + labor + equipment + overhead);
        g.writeArrayFieldStart("warnings");
        if (rnd.nextDouble() < 0.3) {
          g.writeString("rates older than 90 days");
        }
        if (rnd.nextDouble() < 0.1) {
          g.writeString("missing climate adjustment");
        }
        g.writeEndArray();
        g.writeEndObject();
        return done();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] eventDetails(String type, String finalStatus, RandomGenerator rnd) {
      try {
        g.writeStartObject();
        switch (type) {
          case "created" -> g.writeStringField("source", rnd.nextDouble() < 0.8 ? "web" : "api");
          case "estimate_run" -> {
            g.writeNumberField("duration_ms", 50 + rnd.nextInt(5000));
            g.writeStringField("engine", rnd.nextDouble() < 0.7 ? "v3" : "v2");
          }
          case "status_changed" -> {
            g.writeStringField("from", STATUSES[rnd.nextInt(STATUSES.length)]);
            g.writeStringField("to", finalStatus);
          }
          case "exported" -> g.writeStringField("format", rnd.nextDouble() < 0.5 ? "pdf" : "xlsx");
          default -> g.writeNumberField("revision", 1 + rnd.nextInt(20));
        }
        g.writeEndObject();
        return done();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String pick(String[] values, double[] cumulative, double u) {
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static double round4(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }

  private static double clamp01(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }

  /** Writes hundredths as a decimal with two fraction digits into {@code out}; returns the length. */
  static int centsChars(long hundredths, char[] out) {
    String whole = Long.toString(hundredths / 100);
    int frac = (int) (hundredths % 100);
    whole.getChars(0, whole.length(), out, 0);
    int n = whole.length();
    out[n] = '.';
    out[n + 1] = (char) ('0' + frac / 10);
    out[n + 2] = (char) ('0' + frac % 10);
    return n + 3;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
