package org.agencyverify.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The lines STYLE.md draws, held by the build rather than by review. */
class ArchitectureTest {

    private static final String ROOT = "org.agencyverify.";

    /**
     * The features, lowest first: each may import only those before it. Reactions that run the other way
     * (an officer suspended, so its tokens are revoked) are CDI events observed in the same transaction;
     * reads the other way go through a small interface the lower feature declares and the higher one
     * implements. The README's "How it is built" draws the same order.
     */
    static final List<String> ORDER = List.of(
            "common",
            "identity",
            "audit",
            "invitation",
            "agency",
            "officer",
            "contact",
            "portal",
            "federation",
            "risk",
            "token",
            "verification",
            "confirmation");

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.agencyverify");

    @Test
    void everyFeatureHasItsPlaceInTheOrder() {
        Set<String> features = new TreeSet<>();
        SERVICE.forEach(c -> feature(c).ifPresent(features::add));
        features.removeAll(ORDER);
        assertEquals(Set.of(), features, "features in src/main that ORDER does not place");
    }

    @Test
    void featuresImportOnlyFeaturesBelowThem() {
        classes().that().resideInAPackage("org.agencyverify..")
                .should(new ArchCondition<JavaClass>("depend only on features below their own in ORDER") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        Optional<String> own = feature(item);
                        if (own.isEmpty()) {
                            return;
                        }
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            Optional<String> target = feature(d.getTargetClass());
                            if (target.isPresent() && ORDER.indexOf(target.get()) > ORDER.indexOf(own.get())) {
                                events.add(SimpleConditionEvent.violated(d, own.get() + " must not depend on " + target.get()
                                        + ", which comes after it: " + d.getDescription()));
                            }
                        }
                    }
                })
                .check(SERVICE);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("org.agencyverify.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    private static Optional<String> feature(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = name.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

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

    /** The rules that decide trust: plain Java (no framework, no database, no Redis, no beans), unit-tested directly. */
    static final List<String> RULES = List.of(
            "org.agencyverify.verification.TrustRule",
            "org.agencyverify.verification.VerificationState",
            "org.agencyverify.verification.PurposePolicy",
            "org.agencyverify.verification.ContactSelection",
            "org.agencyverify.verification.TokenRules",
            "org.agencyverify.verification.OfficerFailureRule",
            "org.agencyverify.confirmation.ConfirmationRules",
            "org.agencyverify.confirmation.email.SignInRule",
            "org.agencyverify.token.TrustTokenClaims",
            "org.agencyverify.risk.RiskPolicy",
            "org.agencyverify.agency.AgencyLifecycle",
            "org.agencyverify.officer.OfficerLifecycle",
            "org.agencyverify.common.security.AdminSignInRule",
            "org.agencyverify.identity.ClientSecretRule");

    @Test
    void theTrustRulesArePlainJava() {
        RULES.forEach(name -> SERVICE.get(name)); // fails on a renamed or moved rule
        noClasses().that().haveNameMatching(String.join("|", RULES.stream().map(r -> r.replace(".", "\\.") + "(\\$.*)?").toList()))
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax..", "io.quarkus..", "io.vertx..",
                        "io.smallrye..", "org.hibernate..", "org.keycloak..", "com.fasterxml..", "org.jboss..",
                        "org.eclipse.microprofile..")
                .orShould().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class)
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
