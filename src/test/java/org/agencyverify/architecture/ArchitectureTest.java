package org.agencyverify.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
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
            "provisioning",
            "contact",
            "portal",
            "federation",
            "risk",
            "token",
            "verification",
            "confirmation",
            "console");

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

    private static final ArchRule DOWNWARD_ONLY = classes().that().resideInAPackage("org.agencyverify..")
            .should(crossFeature("depend only on features below their own in ORDER", (own, target, d) ->
                    ORDER.indexOf(target) > ORDER.indexOf(own)
                            ? Optional.of(own + " must not depend on " + target + ", which comes after it")
                            : Optional.empty()));

    private static final ArchRule NO_FOREIGN_ENTITIES = classes().that().resideInAPackage("org.agencyverify..")
            .should(crossFeature("use no entity of another feature (ask the owner's directory instead)", (own, target, d) ->
                    d.getTargetClass().isAnnotatedWith(jakarta.persistence.Entity.class)
                            ? Optional.of(own + " must not use the entity " + d.getTargetClass().getSimpleName() + " of " + target)
                            : Optional.empty()));

    @Test
    void featuresImportOnlyFeaturesBelowThem() {
        DOWNWARD_ONLY.check(SERVICE);
    }

    /** The rules can fail: test-only classes that break them (an upward call, another feature's entity) are caught. */
    @Test
    void theRulesCatchAnUpwardCallAndAForeignEntity() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(
                org.agencyverify.agency.ArchitectureFixtures.CallsUp.class,
                org.agencyverify.token.ArchitectureFixtures.ReadsAgencyRow.class,
                org.agencyverify.verification.VerificationState.class, org.agencyverify.agency.Agency.class);
        assertTrue(DOWNWARD_ONLY.evaluate(fixtures).hasViolation(), "agency calling verification passed the order rule");
        assertTrue(NO_FOREIGN_ENTITIES.evaluate(fixtures).hasViolation(), "token reading Agency passed the entity rule");
        assertFalse(NO_FOREIGN_ENTITIES.evaluate(new ClassFileImporter().importClasses(
                org.agencyverify.agency.ArchitectureFixtures.CallsUp.class, org.agencyverify.agency.Agency.class)).hasViolation(),
                "a feature's own entity is its own to use");
    }

    /**
     * A feature reads another's data through the small query interface the owner provides (its
     * {@code *Directory}, answering records), never through the owner's entities: any use of one (a field
     * read or written, a method or constructor called, a type in a signature) is a violation. The entity
     * class is what counts; the value types it declares (its enums) are the owner's vocabulary.
     */
    @Test
    void featuresDoNotTouchOtherFeaturesEntities() {
        NO_FOREIGN_ENTITIES.check(SERVICE);
    }

    /** What a dependency from feature {@code own} on feature {@code target} breaks, if anything. */
    private interface CrossFeatureRule {
        Optional<String> violation(String own, String target, Dependency dependency);
    }

    /** Checks every dependency of a feature's class on a class of another feature with {@code rule}. */
    private static ArchCondition<JavaClass> crossFeature(String description, CrossFeatureRule rule) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                Optional<String> own = feature(item);
                if (own.isEmpty()) {
                    return;
                }
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    Optional<String> target = feature(d.getTargetClass()).filter(t -> !t.equals(own.get()));
                    target.flatMap(t -> rule.violation(own.get(), t, d)).ifPresent(message ->
                            events.add(SimpleConditionEvent.violated(d, message + ": " + d.getDescription())));
                }
            }
        };
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
