package dev.apexbench.reports.targets;

import dev.apexbench.reports.Histograms;
import dev.apexbench.reports.model.Endpoint;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The latency of an endpoint group. With every endpoint's histogram recorded, the histograms are
 * merged (exact: a percentile of a group is not the mean of its endpoints' percentiles); a single
 * endpoint uses its own numbers; otherwise the worst endpoint stands for the group.
 *
 * @param value the statistic in ms, or null when it cannot be known
 * @param meanMs the mean of the group in ms, or null
 * @param how how the value was obtained, for the detail
 */
record GroupLatency(Double value, Double meanMs, String how) {

  static GroupLatency of(List<Endpoint> endpoints, Statistic st) {
    if (endpoints.size() == 1) {
      Endpoint e = endpoints.get(0);
      Double v = st.of(e);
      if (v == null) {
        Histogram h = Histograms.decode(e.histogramNs(), "endpoint " + e.name());
        v = h == null || h.getTotalCount() == 0 ? null : st.of(h);
      }
      return new GroupLatency(v, e.meanMs(), "endpoint " + e.name());
    }
    Histogram merged = Histograms.merge(endpoints);
    if (merged != null) {
      return new GroupLatency(st.of(merged), Statistic.MEAN.of(merged),
          endpoints.size() + " endpoints, histograms merged");
    }
    Double worst = null;
    Double worstMean = null;
    for (Endpoint e : endpoints) {
      Double v = st.of(e);
      if (v == null) {
        return new GroupLatency(null, null, "endpoint " + e.name() + " has no " + st.key() + " and no histogram");
      }
      worst = worst == null ? v : Math.max(worst, v);
      worstMean = worstMean == null ? e.meanMs() : Math.max(worstMean, e.meanMs());
    }
    return new GroupLatency(worst, worstMean, "worst of " + endpoints.size() + " endpoints (histograms missing)");
  }

  /** The merged histogram, or null unless every endpoint has a non-empty one. */

}
