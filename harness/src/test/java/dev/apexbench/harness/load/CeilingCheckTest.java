package dev.apexbench.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apexbench.harness.run.Environment;
import dev.apexbench.reports.calibrate.CalibrationIO;
import dev.apexbench.reports.model.Calibration;
import dev.apexbench.reports.model.Machine;
import dev.apexbench.reports.model.RunInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load above the generator's ceiling that bench calibrate measured on this machine kind is named before it starts. */
class CeilingCheckTest {
  static Calibration calibration(Machine m, Double ceiling) {
    RunInfo run = new RunInfo("r", "run", null, null, "smoke", java.math.BigDecimal.ONE, 42, "report", "6", null, false, java.util.Map.of(), m,
        null, java.util.Map.of(), List.of(), null);
    return new Calibration(1, "2026-12-08T02:00:00Z", "smoke", "key", null, run, null, null, List.of(), 2, 1, 1, 1,
        new Calibration.GateAlarms(0, 1, 0, 1, 95), List.of(), null, new Calibration.GeneratorCeiling(ceiling, 5, List.of(), "n"), "s", List.of());
  }

  @Test
  void aboveTheCeilingItNamesTheInjectorsItWouldTake(@TempDir Path state) {
    CalibrationIO.write(state, calibration(Environment.machine(-1, -1), 1000.0));
    assertThat(CeilingCheck.warning(state, "the planned", 1500, 1)).get().asString()
        .contains("1500 requests/s").contains("(1000/s, bench calibrate of 2026-12-08)").contains("--injectors 2");
    assertThat(CeilingCheck.warning(state, "the planned", 800, 1)).isEmpty();
    assertThat(CeilingCheck.warning(state, "the planned", 1500, 2)).as("750 per injector").isEmpty();
  }

  @Test
  void anotherMachineKindsCalibrationOrNoneSaysNothing(@TempDir Path state) {
    assertThat(CeilingCheck.warning(state, "the planned", 1e6, 1)).isEmpty();
    Machine here = Environment.machine(-1, -1);
    Machine other = new Machine(here.cores() + 62, here.memoryBytes(), here.os(), here.jvm(), here.hostname(), null, null, here.osName(),
        here.arch(), here.jvmVendor(), here.jvmVersion());
    CalibrationIO.write(state, calibration(other, 10.0));
    assertThat(CeilingCheck.warning(state, "the planned", 1e6, 1)).isEmpty();
  }
}
