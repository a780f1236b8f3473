package dev.apexbench.gatling;

/**
 * Hands the plan and the recorder to the simulation Gatling instantiates in this JVM (Gatling
 * creates simulations by class name, so they cannot be passed as constructor arguments).
 */
public final class LoadContext {
  private static volatile LoadPlan plan;
  private static volatile LoadRecorder recorder;

  private LoadContext() {}

  public static void install(LoadPlan p, LoadRecorder r) {
    plan = p;
    recorder = r;
  }

  public static LoadPlan plan() {
    if (plan == null) {
      throw new IllegalStateException("no load plan: run simulations through `bench load` (or GatlingLauncher)");
    }
    return plan;
  }

  public static LoadRecorder recorder() {
    if (recorder == null) {
      throw new IllegalStateException("no load recorder: run simulations through `bench load` (or GatlingLauncher)");
    }
    return recorder;
  }

  public static void clear() {
    plan = null;
    recorder = null;
  }
}
