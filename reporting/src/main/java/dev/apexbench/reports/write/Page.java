package dev.apexbench.reports.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apexbench.reports.Json;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every section of the HTML page needs: the results, the run directory (to see which linked
 * files exist), the chart data being collected for report.js, and the targets by subject.
 */
record Page(Results results, Path runDir, ObjectNode data) {

  static Page of(Results r, Path runDir) {
    return new Page(r, runDir, Json.MAPPER.createObjectNode());
  }

  /** The targets of a kind for a subject, in evaluation order. */
  List<TargetResult> targets(String kind, String subject) {
    List<TargetResult> out = new ArrayList<>();
    if (results.targets() != null) {
      for (TargetResult t : results.targets()) {
        if (kind.equals(t.kind()) && subject.equals(t.subject())) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The first target of a kind for a subject (and metric, if not null), or null. */
  TargetResult target(String kind, String subject, String metric) {
    return targets(kind, subject).stream().filter(t -> metric == null || metric.equals(t.metric())).findFirst().orElse(null);
  }

  /** The run's command (run, explain, jmh, load), for "not measured in this run" notes. */
  String command() {
    return results.run() == null || results.run().command() == null ? "command unknown" : "bench " + results.run().command();
  }
}
