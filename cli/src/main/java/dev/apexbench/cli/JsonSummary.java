package dev.apexbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.model.Comparison;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.nio.file.Path;

/**
 * The one JSON object {@code --json} prints on stdout: the run, where its files are, the verdict
 * of each gate, the exit code, and the targets that need a look (failing, accepted, expired,
 * accepted but now passing). Everything else is in results.json, whose path it gives.
 */
final class JsonSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonSummary() {}

  static String of(Results r, Path dir, int exitCode) {
    ObjectNode o = JSON.createObjectNode();
    o.put("run_id", r.run() == null ? null : r.run().id());
    o.put("command", r.run() == null ? null : r.run().command());
    o.put("profile", r.run() == null ? null : r.run().profile());
    o.put("dir", dir.toAbsolutePath().toString());
    o.put("results", dir.resolve("results.json").toAbsolutePath().toString());
    o.put("report", dir.resolve("index.html").toAbsolutePath().toString());
    o.put("junit", dir.resolve("junit.xml").toAbsolutePath().toString());
    o.put("summary_md", dir.resolve("summary.md").toAbsolutePath().toString());
    o.put("verdict", r.verdict());
    o.set("verdicts", JSON.valueToTree(r.verdicts()));
    o.put("exit_code", exitCode);
    ObjectNode counts = o.putObject("targets");
    long total = r.targets() == null ? 0 : r.targets().size();
    counts.put("total", total);
    counts.put("blocking", r.targets() == null ? 0 : r.targets().stream().filter(TargetResult::blocks).count());
    counts.put("accepted", r.targets() == null ? 0 : r.targets().stream().filter(t -> !t.pass() && !t.blocks()).count());
    attention(o.putArray("attention"), r);
    comparison(o, r.comparison());
    try {
      return JSON.writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The targets that need a look: failing, accepted, expired, accepted but now passing. */
  private static void attention(ArrayNode attention, Results r) {
    if (r.targets() != null) {
      for (TargetResult t : r.targets()) {
        if (!t.pass() || t.blocks() || t.acceptance() != null) {
          ObjectNode n = attention.addObject();
          n.put("name", t.name());
          n.put("kind", t.kind());
          n.put("status", t.acceptance() != null ? t.acceptance().state() : t.pass() ? "pass" : "fail");
          n.put("blocks", t.blocks());
          if (t.actual() == null) {
            n.putNull("actual");
          } else {
            n.put("actual", t.actual());
          }
          n.put("op", t.op());
          n.put("limit", t.limit());
          n.put("unit", t.unit());
          n.put("detail", t.detail());
          if (t.acceptance() != null) {
            n.put("reason", t.acceptance().reason());
            n.put("until", t.acceptance().until());
          }
        }
      }
    }
  }

  /** The comparison's verdict and its changed metrics, or null. */
  private static void comparison(ObjectNode o, Comparison c) {
    if (c == null) {
      o.putNull("comparison");
    } else {
      ObjectNode cn = o.putObject("comparison");
      cn.put("baseline_run", c.baselineRun());
      cn.put("verdict", c.verdict());
      ArrayNode changed = cn.putArray("changed");
      if (c.metrics() != null) {
        for (Comparison.MetricChange m : c.metrics()) {
          if (!Comparison.NO_CHANGE.equals(m.verdict())) {
            ObjectNode mn = changed.addObject();
            mn.put("subject", m.subject());
            mn.put("metric", m.metric());
            mn.put("verdict", m.verdict());
            mn.put("baseline", m.baseline());
            mn.put("current", m.current());
            mn.put("change_pct", m.changePct());
            if (m.pAdjusted() == null) {
              mn.putNull("p_adjusted");
            } else {
              mn.put("p_adjusted", m.pAdjusted());
            }
          }
        }
      }
    }
  }
}
