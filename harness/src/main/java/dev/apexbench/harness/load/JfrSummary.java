package dev.apexbench.harness.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the api's CPU went, from a Java Flight Recording ({@code jdk.ExecutionSample} events, one
 * every 10-20 ms per running thread with the {@code profile} settings): the methods on top of the
 * sampled stacks (self time) and the methods anywhere on them (total time), as shares of all
 * samples. What {@code jfr print --events jdk.ExecutionSample} shows, added up.
 */
public final class JfrSummary {
  private JfrSummary() {}

  public static void write(Path jfr, Path out, int top) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = st.getFrames();
      self.merge(name(frames.get(0)), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        if (seen.add(name(f))) {
          total.merge(name(f), 1L, Long::sum);
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# api CPU profile: ").append(samples).append(" execution samples from ").append(jfr.getFileName()).append("\n\n");
    sb.append("## self (the method running when sampled)\n");
    table(sb, self, samples, top);
    sb.append("\n## total (the method anywhere on the sampled stack)\n");
    table(sb, total, samples, top);
    Files.writeString(out, sb.toString());
  }

  private static void table(StringBuilder sb, Map<String, Long> counts, long samples, int top) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(e -> sb.append(String.format(Locale.ROOT, "%6.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
