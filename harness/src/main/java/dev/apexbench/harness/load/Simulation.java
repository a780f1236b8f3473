package dev.apexbench.harness.load;

import dev.apexbench.gatling.FullStackSimulation;
import dev.apexbench.gatling.PointReadSimulation;
import dev.apexbench.gatling.ReadMixSimulation;
import dev.apexbench.gatling.SteppedRateSimulation;
import dev.apexbench.gatling.WriteMixSimulation;

/** The simulations bench load can run. */
public enum Simulation {
  /** Reads and write journeys together. */
  FULL("full", FullStackSimulation.class),
  READ("read", ReadMixSimulation.class),
  WRITE("write", WriteMixSimulation.class),
  /** The read mix at increasing rates, a step each. */
  SWEEP("sweep", SteppedRateSimulation.class),
  /** The point-read ceiling, closed model, against the database's own rate for the same SQL. */
  POINT("point", PointReadSimulation.class);

  public final String label;
  final Class<? extends io.gatling.javaapi.core.Simulation> gatling;

  Simulation(String label, Class<? extends io.gatling.javaapi.core.Simulation> gatling) {
    this.label = label;
    this.gatling = gatling;
  }

  /** Whether load injectors can share it (a sweep's steps and the closed point model cannot be split). */
  public boolean splittable() {
    return this == FULL || this == READ || this == WRITE;
  }
}
