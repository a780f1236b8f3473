package dev.apexbench.reports.calibrate;

import dev.apexbench.reports.Json;
import dev.apexbench.reports.ReportsException;
import dev.apexbench.reports.compare.Comparator;
import dev.apexbench.reports.compare.MinEffects;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Database;
import dev.apexbench.reports.model.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes calibration.json, and turns a calibration into the per-metric minimum effects bench compare uses. */
public final class CalibrationIO {
  public static final String FILE_NAME = "calibration.json";

  private CalibrationIO() {}

  /** A calibration file, or a directory holding calibration.json. */
  public static Calibration read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    if (!Files.isRegularFile(file)) {
      throw new ReportsException(file + ": calibration file not found (allowed: a calibration.json written by bench calibrate, or its directory)");
    }
    try {
      Calibration c = Json.MAPPER.readValue(file.toFile(), Calibration.class);
      if (c.schemaVersion() != Calibration.SCHEMA_VERSION || c.metrics() == null || c.comparabilityKey() == null) {
        throw new ReportsException(file + ": not a calibration of this apex-bench (schema_version " + c.schemaVersion()
            + "; allowed: " + Calibration.SCHEMA_VERSION + ", written by bench calibrate)");
      }
      return c;
    } catch (IOException e) {
      throw new ReportsException(file + ": not a calibration file (" + e.getClass().getSimpleName() + ": "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
    }
  }

  public static Path write(Path dir, Calibration c) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      dev.apexbench.reports.ResultsIO.writeAtomically(file, Json.MAPPER.writeValueAsBytes(c));
      return file;
    } catch (IOException e) {
      throw new ReportsException(file + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** What differs between the calibration's runs and a run it would judge (empty: it applies). */
  public static List<String> mismatches(Calibration c, Results run) {
    return Comparator.mismatches(identity(c), run);
  }

  /** The calibration's runs' identity as a results file without measurements (for the comparability checks). */
  public static Results identity(Calibration c) {
    return new Results(Results.SCHEMA_VERSION, c.run(), c.datagen(), null, null, null,
        c.prewarmed() == null ? null : new Database(null, null, null, null, c.prewarmed(), null), null, null, null);
  }

  /** The calibration's per-metric minimum effects (latency) and tolerances (work counters), named after {@code source}. */
  public static MinEffects minEffects(Calibration c, String source) {
    Map<String, MinEffects.Effect> out = new LinkedHashMap<>();
    for (Calibration.MetricSpread m : c.metrics()) {
      if (m.recommendedMinEffectPct() != null) {
        out.put(MinEffects.key(m.subject(), m.metric()), new MinEffects.Effect(m.recommendedMinEffectPct(),
            m.recommendedMinEffectMs() == null ? 0 : m.recommendedMinEffectMs(), source));
      }
    }
    return new MinEffects(source, c.comparabilityKey(), out);
  }
}
