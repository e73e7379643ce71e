package org.agencyverify.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The lines STYLE.md draws, held by the build rather than by review. */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.agencyverify");

    @Test
    void resourcesDoNotOwnTransactions() {
        noClasses().that().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().beAnnotatedWith(jakarta.transaction.Transactional.class)
                .allowEmptyShould(true)
                .check(SERVICE);
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().beAnnotatedWith(jakarta.transaction.Transactional.class)
                .allowEmptyShould(true)
                .check(SERVICE);
    }

    @Test
    void theRiskPolicyIsPlainJava() {
        classes().that().haveSimpleNameStartingWith("RiskPolicy").or().haveSimpleName("Finding").or().haveSimpleName("Signal")
                .or().haveSimpleName("RiskDecision").or().haveSimpleName("Networks")
                .and().resideInAPackage("org.agencyverify.risk")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.agencyverify.risk")
                .check(SERVICE);
    }

    @Test
    void commonDoesNotDependOnFeatures() {
        noClasses().that().resideInAPackage("org.agencyverify.common..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "org.agencyverify.common..", "java..", "javax..", "jakarta..", "io.quarkus..", "io.vertx..",
                        "io.smallrye..", "org.jboss..", "org.eclipse.microprofile..", "com.fasterxml..", "org.hibernate..",
                        "org.xbill..")
                .check(SERVICE);
    }

    @Test
    void onlyTheErrorPackageMapsExceptions() {
        classes().that().haveSimpleNameEndingWith("Mappers")
                .should().resideInAPackage("org.agencyverify.common.error")
                .allowEmptyShould(true)
                .check(SERVICE);
    }

    @Test
    void nothingPrintsToTheConsoleDirectly() {
        noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(SERVICE);
    }
}
