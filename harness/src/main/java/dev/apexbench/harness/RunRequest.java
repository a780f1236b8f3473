package dev.apexbench.harness;

import dev.apexbench.harness.load.LoadRequest;
import dev.apexbench.harness.measure.MeasureRequest;
import dev.apexbench.harness.run.SessionRequest;
import dev.apexbench.reports.compare.CompareOptions;
import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.targets.Targets;
import java.nio.file.Path;

/**
 * What {@code bench run} runs.
 *
 * @param load the load phase, or null to leave it out ({@code --skip-load})
 * @param gate what decides the exit code: targets, regression or both (recorded)
 * @param baseline results to compare with, or null
 * @param compare how to compare with the baseline
 * @param withDr also run the disaster-recovery drill after the load
 */
public record RunRequest(SessionRequest session, MeasureRequest measure, boolean prewarm, LoadRequest load, String gate, Results baseline,
    CompareOptions compare, boolean withDr, Targets targets, Path reportsRoot) {}
