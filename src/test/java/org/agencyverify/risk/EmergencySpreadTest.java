package org.agencyverify.risk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.federation.PhishingResistantFederation;
import org.agencyverify.federation.PhishingResistantFederation.FederatedOfficer;
import org.agencyverify.officer.Officer;
import org.agencyverify.officer.OfficerStatus;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.agencyverify.verification.VerificationState;
import org.junit.jupiter.api.Test;

/**
 * "EMERGENCY requests to several portals in a short time" end to end, with real phishing-resistant
 * federated tokens (the only kind EMERGENCY takes): the request that makes the third portal suspends
 * the officer, tells the agency's contacts and gets the uniform refusal.
 */
@QuarkusTest
@TestProfile(EmergencySpreadTest.ThreePortals.class)
class EmergencySpreadTest {

    /** Three distinct portals in the window make the finding; everything else stays as %test has it. */
    public static class ThreePortals implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agency-verify.risk.emergency-portals", "3", "agency-verify.risk.emergency-window", "1H");
        }
    }

    private static final String REFUSED = "urn:agency-verify:problem:verification-refused";

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    AgencyFixtures agencyFixtures;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    AgencyVerifyConfig config;

    @Test
    void emergencyRequestsToAThirdPortalSuspendTheOfficerAndTellTheAgency() {
        TestAgency agency = agencies.active();
        agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        String email = agency.email("spread-" + UUID.randomUUID().toString().substring(0, 6));
        try (WebhookReceiver receiver = new WebhookReceiver();
                PhishingResistantFederation federation = new PhishingResistantFederation(identities, config.keycloak().url(),
                        config.keycloak().issuer(), agency, email)) {
            WebhookAgencies.Contact supervisor = webhookAgencies.hmacContact(agency, receiver);
            FederatedOfficer officer = federation.activeOfficer(agency);
            TestPortal first = fixtures.portal();
            TestPortal second = fixtures.portal();
            TestPortal third = fixtures.portal();

            UUID a = started(start(first, agency, officer));
            UUID b = started(start(second, agency, officer));
            // The same portal again does not spread the request further.
            UUID c = started(start(second, agency, officer));
            for (UUID id : List.of(a, b, c)) {
                assertEquals(List.of(), findings(id), "two portals are below the threshold of three");
            }
            assertEquals(OfficerStatus.ACTIVE, officer(officer.id()).status);

            start(third, agency, officer).statusCode(403).body("type", equalTo(REFUSED));

            Verification refused = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>find(
                    "officerId = ?1 and portalId = ?2", officer.id(), third.id()).singleResult());
            assertEquals(VerificationState.REJECTED, refused.state);
            assertEquals(RiskDecision.SUSPEND_OFFICER, refused.riskDecision);
            assertEquals(List.of("emergency-to-many-portals"), findings(refused.id));
            String assessed = agencyFixtures.audit(refused.id.toString(), "verification.risk-assessed").get(0).details;
            assertTrue(assessed.contains("SUSPEND_OFFICER") && assessed.matches("(?s).*\"portals\":\\s*3\\b.*"),
                    "the decision and the evidence are in the audit log: " + assessed);

            Officer suspended = officer(officer.id());
            assertEquals(OfficerStatus.SUSPENDED, suspended.status);
            assertEquals("risk:emergency-to-many-portals", suspended.statusReason);
            assertFalse(identities.realm().users().get(suspended.keycloakUserId).toRepresentation().isEnabled(),
                    "the Keycloak user is disabled");
            long notices = QuarkusTransaction.requiringNew().call(() -> RiskNotice.count("officerId = ?1 and event = ?2",
                    officer.id(), RiskNotice.SUSPENDED));
            assertEquals(2, notices, "one notice per ACTIVE contact of the agency");
            Eventually.within(Duration.ofSeconds(20), () -> assertTrue(receiver.received(supervisor.path())
                    .stream().anyMatch(r -> r.body().contains("\"officer.suspended\""))));

            // Suspended: even a portal the officer already used gets the same refusal now.
            start(first, agency, officer).statusCode(403).body("type", equalTo(REFUSED));
        }
    }

    private static ValidatableResponse start(TestPortal portal, TestAgency agency, FederatedOfficer officer) {
        return given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(officer.email(), agency.domain(), VerificationFixtures.token(officer.token()), "EMERGENCY"))
                .post("/v1/verifications").then();
    }

    private static UUID started(ValidatableResponse response) {
        return UUID.fromString(response.statusCode(202).body("state", equalTo("PENDING_CONFIRMATION")).extract().path("id"));
    }

    private static List<String> findings(UUID verificationId) {
        return QuarkusTransaction.requiringNew().call(() -> RiskFinding.<RiskFinding>list("verificationId", verificationId)
                .stream().map(f -> f.name).toList());
    }

    private static Officer officer(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(id));
    }
}
