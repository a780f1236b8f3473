package dev.apexbench.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * The module and package map of docs/architecture.md, held by the compiled classes: the arrows
 * that may exist point down, those that must not are absent.
 */
class ArchitectureTest {
  private static final JavaClasses ALL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.apexbench");

  @Test
  void theEngineNeverSeesArgvNorTheCommandLayer() {
    noClasses().that().resideInAPackage("dev.apexbench.harness..").should().dependOnClassesThat()
        .resideInAnyPackage("picocli..", "dev.apexbench.cli..").check(ALL);
  }

  @Test
  void noCommandCallsAnotherCommand() {
    noClasses().that().areAnnotatedWith(Command.class).and().doNotHaveSimpleName("Bench").should().dependOnClassesThat()
        .areAnnotatedWith(Command.class).check(ALL);
  }

  @Test
  void theEnginesPackagesHaveNoCycles() {
    slices().matching("dev.apexbench.harness.(*)..").should().beFreeOfCycles().check(ALL);
  }

  @Test
  void theRunPackageIsTheEnginesFoundation() {
    noClasses().that().resideInAPackage("dev.apexbench.harness.run..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.apexbench.harness.measure..", "dev.apexbench.harness.load..", "dev.apexbench.harness.distributed..",
            "dev.apexbench.harness.capacity..", "dev.apexbench.harness.dr..", "dev.apexbench.harness.experiment..",
            "dev.apexbench.harness.calibrate..")
        .check(ALL);
  }

  @Test
  void theLowerModulesNeverDependUpwards() {
    noClasses().that().resideInAnyPackage("dev.apexbench.dataset..", "dev.apexbench.db..", "dev.apexbench.datagen..", "dev.apexbench.api..",
        "dev.apexbench.jmh..", "dev.apexbench.gatling..", "dev.apexbench.reports..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.apexbench.harness..", "dev.apexbench.cli..").check(ALL);
  }

  @Test
  void reportsReadResultFilesOnly() {
    noClasses().that().resideInAPackage("dev.apexbench.reports..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.apexbench.db..", "dev.apexbench.datagen..", "dev.apexbench.api..", "dev.apexbench.jmh..",
            "dev.apexbench.gatling..")
        .check(ALL);
  }

  @Test
  void theLoadGeneratorSpeaksHttpOnly() {
    noClasses().that().resideInAPackage("dev.apexbench.gatling..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.apexbench.db..", "dev.apexbench.api..").check(ALL);
  }
}
