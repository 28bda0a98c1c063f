package io.parley.application;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hexagon, stated: dependencies point inward, resources talk to use cases only. */
class DependencyRuleTest {
  private static JavaClasses parley;

  @BeforeAll
  static void importClasses() {
    parley =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.parley");
  }

  @Test
  void theDomainDependsOnTheJdkOnly() {
    classes()
        .that()
        .resideInAPackage("io.parley.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.parley.domain..", "java..")
        .check(parley);
  }

  @Test
  void adaptersNeverDependOnTheApplication() {
    noClasses()
        .that()
        .resideInAPackage("io.parley.adapters..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.parley.application..", "io.dropwizard..")
        .check(parley);
  }

  @Test
  void resourcesUseUseCasesNotServicesStoresOrAdapters() {
    noClasses()
        .that()
        .resideInAPackage("io.parley.application.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.parley.adapters..",
            "io.parley.domain.service..",
            "io.parley.domain.port.out..",
            "org.jdbi..",
            "redis.clients..")
        .check(parley);
  }

  @Test
  void onlyTheCompositionRootItsFactoriesAndInfrastructureTouchAdapters() {
    noClasses()
        .that()
        .resideInAPackage("io.parley.application..")
        .and(
            not(
                belongToAnyOf(
                    Wiring.class,
                    Storage.class,
                    Services.class,
                    HttpInfrastructure.class,
                    Resources.class,
                    Operations.class,
                    ParleyApplication.class)))
        .and()
        .resideOutsideOfPackages(
            "io.parley.application.infra..",
            "io.parley.application.config..",
            "io.parley.application.commands..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.parley.adapters..")
        .check(parley);
  }
}
