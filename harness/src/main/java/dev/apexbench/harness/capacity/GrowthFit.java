package dev.apexbench.harness.capacity;

import dev.apexbench.reports.Fmt;
import dev.apexbench.reports.model.Capacity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hipparchus.stat.regression.SimpleRegression;

/**
 * Per query, a power law p95 = a * scale^b fitted on the logs (Hipparchus' simple regression), and
 * where it would cross the query's target. A query that does not grow (b below {@value #FLAT}) has no
 * projected breach: an index lookup does not reach its limit by data volume.
 */
public final class GrowthFit {
  public static final double FLAT = 0.1;
  /** Projections beyond this many times the largest measured scale are not made. */
  public static final double MAX_EXTRAPOLATION = 1000;

  private GrowthFit() {}

  /**
   * @param p95ByScale scale to p95 ms, at least two scales
   * @param limitMs the query's p95 limit, or null
   */
  public static Capacity.Growth fit(String query, String queryClass, Map<Double, Double> p95ByScale, Double limitMs) {
    SimpleRegression reg = new SimpleRegression();
    Map<String, Double> shown = new LinkedHashMap<>();
    Double breachedAt = null;
    double maxScale = 0;
    for (Map.Entry<Double, Double> e : p95ByScale.entrySet()) {
      shown.put(Fmt.plain(e.getKey()), e.getValue());
      maxScale = Math.max(maxScale, e.getKey());
      if (e.getValue() != null && e.getValue() > 0) {
        reg.addData(Math.log(e.getKey()), Math.log(e.getValue()));
      }
      if (limitMs != null && e.getValue() != null && e.getValue() >= limitMs && (breachedAt == null || e.getKey() < breachedAt)) {
        breachedAt = e.getKey();
      }
    }
    if (reg.getN() < 2) {
      return new Capacity.Growth(query, queryClass, shown, null, null, limitMs, null, breachedAt, "fewer than two measured scales");
    }
    double b = reg.getSlope();
    double a = reg.getIntercept();
    Double r2 = reg.getN() > 2 ? Math.round(reg.getRSquare() * 1000) / 1000.0 : null;
    Double projected = null;
    String note;
    if (limitMs == null) {
      note = "no target to breach";
    } else if (b < FLAT) {
      note = String.format(Locale.ROOT, "flat (exponent %.2f): the data volume does not bring it to its limit", b);
    } else {
      double s = Math.exp((Math.log(limitMs) - a) / b);
      if (s > maxScale * MAX_EXTRAPOLATION) {
        note = String.format(Locale.ROOT, "would breach beyond %.0fx the largest measured scale: not projected", MAX_EXTRAPOLATION);
      } else {
        projected = s < 0.01 ? 0.01 : Math.round(s * 100) / 100.0;
        note = breachedAt != null ? "already over its limit at scale " + Fmt.plain(breachedAt)
            : String.format(Locale.ROOT, "grows as scale^%.2f: crosses %s ms near scale %s", b, Fmt.plain(limitMs), Fmt.plain(projected));
      }
    }
    return new Capacity.Growth(query, queryClass, shown, Math.round(b * 1000) / 1000.0, r2, limitMs, projected, breachedAt, note);
  }

  /** The measured scales as given on the command line, each positive. */
  public static List<Double> parseScales(String text) {
    List<Double> out = new ArrayList<>();
    for (String p : text.split(",")) {
      try {
        double v = Double.parseDouble(p.strip());
        if (v > 0 && v <= 1000) {
          out.add(v);
          continue;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw dev.apexbench.db.BenchException.usage("--scales: '" + p.strip() + "' is not allowed (allowed: data scales above 0 and at most"
          + " 1000, comma-separated, e.g. 0.1,1,10; or none)");
    }
    if (out.size() < 2) {
      throw dev.apexbench.db.BenchException.usage("--scales: " + text + " names one scale (allowed: at least two, e.g. 0.1,1,10; or none)");
    }
    return out;
  }
}
