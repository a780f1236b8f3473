package dev.apexbench.gatling;

import io.gatling.javaapi.core.Simulation;

/**
 * A simulation whose load the harness records: second 0 of the recording is when Gatling starts
 * it, and the generator's health stops being measured when its last user has finished (before
 * Gatling builds its report).
 */
public abstract class RecordedSimulation extends Simulation {
  @Override
  public void before() {
    LoadContext.recorder().start();
  }

  @Override
  public void after() {
    LoadContext.recorder().end();
  }
}
