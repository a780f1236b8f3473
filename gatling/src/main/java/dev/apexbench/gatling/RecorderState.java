package dev.apexbench.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A load recorder's complete state as a file ({@value #FILE} in a run directory), so that the
 * runs of several injectors merge exactly: every histogram (per request name, its phases, the
 * generator's pauses) is stored whole (HdrHistogram's compressed encoding) and added, counters
 * are summed, and timelines are aligned by wall-clock second. Times are stored relative to the
 * run's second 0, with its wall-clock start.
 */
public final class RecorderState {
  /** The file name in a run directory. */
  public static final String FILE = "load-state.json";
  /** The format's version; a reader refuses others. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stored state: the plan it recorded (whatever the writer put there) and its wall-clock start. */
  public record Stored(Path file, Map<String, Object> plan, long startEpochMs) {}

  /**
   * The merge: one recorder holding every state's data (its second 0 is the earliest start), and
   * each state's offset from that start in whole seconds (how its timeline was shifted).
   */
  public record Merged(LoadRecorder recorder, List<Stored> parts, List<Integer> offsetSeconds) {}

  private RecorderState() {}

  /** Writes the recorder's state and {@code plan} (a JSON object of the writer's choosing). */
  public static void write(LoadRecorder r, Map<String, Object> plan, Path file) {
    ObjectNode root = JSON.createObjectNode();
    synchronized (r) {
      root.put("format", FORMAT);
      root.set("plan", JSON.valueToTree(plan));
      root.put("start_epoch_ms", r.startEpochMs);
      root.put("total_requests", r.totalRequests);
      root.put("total_ko", r.totalKo);
      root.put("arrivals", r.arrivals);
      root.put("hiccup_samples", r.hiccupSamples);
      root.put("last_arrival_ns", r.lastArrival - r.startNanos);
      root.put("total", encode(r.total));
      root.put("total_all", encode(r.totalAll));
      root.put("hiccups", encode(r.hiccups));
      ArrayNode series = root.putArray("series");
      r.series.values().forEach(s -> series.add(series(s)));
      ObjectNode steps = root.putObject("steps");
      r.steps.forEach((k, s) -> steps.set(k.toString(), series(s)));
      ObjectNode seconds = root.putObject("seconds");
      r.seconds.forEach((k, s) -> seconds.putArray(k.toString()).add(s.requests).add(s.ko).add(s.arrivals).add(s.sentByArrival));
      root.set("pauses", spans(r.pauses, r.startNanos));
      root.set("gaps", spans(new ArrayList<>(r.gaps), r.startNanos));
    }
    try {
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the load state " + file, e);
    }
  }

  /** The plan and start of a stored state, without its histograms. */
  public static Stored peek(Path file) {
    JsonNode root = read(file);
    return stored(file, root);
  }

  /**
   * Merges stored states into one recorder whose interval logs are {@code logs}. Second 0 is the
   * earliest start; each state's seconds are shifted by its start's distance from it, rounded to
   * the second, and its pauses and gaps by the exact distance.
   */
  public static Merged merge(List<Path> files, List<Path> logs) {
    List<JsonNode> roots = new ArrayList<>();
    List<Stored> parts = new ArrayList<>();
    for (Path f : files) {
      JsonNode root = read(f);
      roots.add(root);
      parts.add(stored(f, root));
    }
    long t0 = parts.stream().mapToLong(Stored::startEpochMs).min().orElse(0);
    LoadRecorder m = new LoadRecorder(logs);
    m.startEpochMs = t0;
    List<Integer> offsets = new ArrayList<>();
    for (JsonNode root : roots) {
      long offsetMs = root.get("start_epoch_ms").asLong() - t0;
      int offsetS = (int) Math.round(offsetMs / 1000.0);
      long offsetNs = offsetMs * 1_000_000L;
      offsets.add(offsetS);
      m.totalRequests += root.get("total_requests").asLong();
      m.totalKo += root.get("total_ko").asLong();
      m.arrivals += root.get("arrivals").asLong();
      m.hiccupSamples += root.get("hiccup_samples").asLong();
      m.lastArrival = Math.max(m.lastArrival, root.get("last_arrival_ns").asLong() + offsetNs);
      m.total.add(decode(root.get("total")));
      m.totalAll.add(decode(root.get("total_all")));
      m.hiccups.add(decode(root.get("hiccups")));
      for (JsonNode s : root.get("series")) {
        addSeries(m.series.computeIfAbsent(s.get("name").asText(), n -> new LoadRecorder.Series(n, text(s, "group"))), s);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("steps").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        addSeries(m.steps.computeIfAbsent(Integer.parseInt(e.getKey()), k -> new LoadRecorder.Series("step " + k, "all")), e.getValue());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("seconds").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        LoadRecorder.Second sec = m.seconds.computeIfAbsent(Integer.parseInt(e.getKey()) + offsetS, k -> new LoadRecorder.Second());
        sec.requests += e.getValue().get(0).asLong();
        sec.ko += e.getValue().get(1).asLong();
        sec.arrivals += e.getValue().get(2).asLong();
        sec.sentByArrival += e.getValue().has(3) ? e.getValue().get(3).asLong() : 0; // absent in states written before it existed
      }
      root.get("pauses").forEach(p -> m.pauses.add(new LoadRecorder.Span(p.get(0).asLong() + offsetNs, p.get(1).asLong() + offsetNs)));
      // arrival gaps are not merged: the gaps of the merged stream (every injector's arrivals together) cannot be
      // recovered from each stream's; each injector's own gap check stands in its own results
    }
    m.pauses.sort(java.util.Comparator.comparingLong(LoadRecorder.Span::startNanos));
    return new Merged(m, parts, offsets);
  }

  private static ObjectNode series(LoadRecorder.Series s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", s.name);
    n.put("group", s.group);
    n.put("requests", s.requests);
    n.put("ko", s.ko);
    n.set("ko_by_status", JSON.valueToTree(s.koByStatus));
    n.put("ok", encode(s.histogram));
    n.put("all", encode(s.all));
    ObjectNode ph = n.putObject("phases");
    ph.put("timed", s.phases.timed());
    ph.put("untimed", s.phases.untimed());
    ph.put("clamped", s.phases.clamped());
    ObjectNode hs = ph.putObject("histograms");
    s.phases.histograms().forEach((k, h) -> hs.put(k, encode(h)));
    return n;
  }

  private static void addSeries(LoadRecorder.Series into, JsonNode s) {
    into.requests += s.get("requests").asLong();
    into.ko += s.get("ko").asLong();
    s.get("ko_by_status").fields().forEachRemaining(e -> into.koByStatus.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    into.histogram.add(decode(s.get("ok")));
    into.all.add(decode(s.get("all")));
    JsonNode ph = s.get("phases");
    into.phases.addCounts(ph.get("timed").asLong(), ph.get("untimed").asLong(), ph.get("clamped").asLong());
    ph.get("histograms").fields().forEachRemaining(e -> into.phases.histogram(e.getKey()).add(decode(e.getValue())));
  }

  private static ArrayNode spans(List<LoadRecorder.Span> spans, long startNanos) {
    ArrayNode a = JSON.createArrayNode();
    for (LoadRecorder.Span s : spans) {
      a.addArray().add(s.startNanos() - startNanos).add(s.endNanos() - startNanos);
    }
    return a;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static JsonNode read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a load state of apex-bench (" + e.getMessage() + ")", e);
    }
    if (root == null || root.path("format").asInt() != FORMAT) {
      throw new IllegalArgumentException(file + ": not a load state of apex-bench in format " + FORMAT);
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static Stored stored(Path file, JsonNode root) {
    return new Stored(file, JSON.convertValue(root.get("plan"), Map.class), root.get("start_epoch_ms").asLong());
  }

  private static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
  }

  private static Histogram decode(JsonNode n) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(n.asText())), 0);
    } catch (java.util.zip.DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("a histogram in a load state cannot be decoded: " + e.getMessage(), e);
    }
  }
}
