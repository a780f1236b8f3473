package dev.apexbench.reports.write;

import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.util.ArrayList;
import java.util.List;

/** The verdict for the terminal: the failing targets as a table, then one line for the rest. */
public final class Summary {

  private static final int DETAIL_WIDTH = 70;

  private Summary() {}

  /**
   * A plain-text table (ASCII only), e.g.
   *
   * <pre>
   * FAIL: 2 of 31 targets failed (run 20261127T141530Z-quick)
   *   target                               actual    limit
   *   aggregation.events_per_day p95_ms    118 ms    &lt; 100 ms   class aggregation target
   *   database cache_hit_rate_pct          98.70 %   &gt; 99 %
   * 29 targets passed.
   * </pre>
   */
  public static String terminalTable(Results r) {
    StringBuilder sb = new StringBuilder();
    String id = r.run() == null || r.run().id() == null ? "" : " (run " + r.run().id() + ")";
    sb.append(TargetText.verdict(r)).append(": ").append(TargetText.count(r)).append(id).append('\n');
    if (!TargetText.gate(r).isEmpty()) {
      sb.append("  ").append(TargetText.gate(r)).append('\n');
    }
    for (String p : TargetText.failedPhases(r)) {
      sb.append("  ").append(clip(p, 110)).append('\n');
    }
    List<TargetResult> failing = TargetText.failingFirst(r).stream().filter(t -> t.blocks() || t.acceptance() != null).toList();
    if (!failing.isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"target", "actual", "limit", "detail"});
      for (TargetResult t : failing) {
        // the acceptance note says what it is ("accepted (...)", "accepted but now passing: remove it"...)
        String prefix = t.blocks() && !TargetText.gating(r, t) ? "NOT GATING " : "";
        String detail = t.acceptance() != null ? TargetText.acceptanceNote(t, 48) : clip(t.detail(), DETAIL_WIDTH);
        rows.add(new String[] {t.name(), TargetText.actual(t), TargetText.limit(t), prefix + detail});
      }
      int[] w = new int[3];
      for (String[] row : rows) {
        for (int i = 0; i < 3; i++) {
          w[i] = Math.max(w[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        sb.append("  ");
        for (int i = 0; i < 3; i++) {
          sb.append(pad(row[i], w[i])).append("   ");
        }
        sb.append(row[3] == null ? "" : row[3]);
        sb.append('\n');
      }
    }
    long passed = r.targets() == null ? 0 : r.targets().size() - failing.size();
    // rows listed above that passed (accepted but now passing) are not "other" targets
    if (passed > 0) {
      sb.append(failing.isEmpty() ? "" : passed + " other targets passed.\n");
    }
    if (r.comparison() != null) {
      sb.append("compared with ").append(r.comparison().baselineRun()).append(": ").append(r.comparison().verdict()).append('\n');
    }
    return sb.toString().replaceAll(" +\n", "\n");
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }
}
