package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.agencyverify.agency.AgencyFixtures;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.Confirmation;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.federation.PhishingResistantFederation;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/**
 * An emergency disclosure request end to end on the real servers: a federated officer's
 * phishing-resistant sign-in at the agency's IdP (see {@link PhishingResistantFederation}), SUPERVISOR contacts only,
 * a deadline of minutes, two distinct approvals where the agency asks for two, and a trust token of
 * the emergency lifetime.
 */
@QuarkusTest
class EmergencyFlowTest {

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
    void aPhishingResistantFederatedSignInStartsAnEmergencyThatTwoSupervisorsApprove() throws Exception {
        TestPortal portal = fixtures.portal();
        TestAgency agency = agencies.active();
        UUID standard = agencyFixtures.addActiveContact(agency.id(), AgencyContact.Level.STANDARD);
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON)
                .body(Map.of("approvers", 2)).put("/v1/agencies/" + agency.id() + "/emergency-approvers").then().statusCode(200);
        String email = agency.email("edr-" + UUID.randomUUID().toString().substring(0, 6));
        try (WebhookReceiver receiver = new WebhookReceiver();
                PhishingResistantFederation federation = new PhishingResistantFederation(identities, config.keycloak().url(),
                        config.keycloak().issuer(), agency, email)) {
            WebhookAgencies.Contact first = webhookAgencies.hmacContact(agency, receiver);
            WebhookAgencies.Contact second = webhookAgencies.hmacContact(agency, receiver);
            PhishingResistantFederation.FederatedOfficer officer = federation.activeOfficer(agency);
            String strong = officer.token();
            String ordinary = federation.signInWithoutPhishingResistance();
            JsonNode claims = BrowserlessLogin.claims(strong);
            assertEquals("phr", claims.path("idp_acr").asText(), claims.toString());
            assertNotEquals("phr", claims.path("acr").asText(), "Keycloak's own acr describes its broker session only");
            assertEquals(federation.alias, claims.path("identity_provider").asText());
            assertEquals(PhishingResistantFederation.MFA, BrowserlessLogin.claims(ordinary).path("idp_acr").asText());

            // The same IdP, a sign-in it says was its ordinary MFA: accepted for it, but not phishing-resistant.
            start(portal, email, agency, ordinary).statusCode(403)
                    .body("type", equalTo("urn:agency-verify:problem:verification-refused"));

            long before = System.currentTimeMillis() / 1000;
            UUID id = UUID.fromString(start(portal, email, agency, strong).statusCode(202)
                    .body("state", equalTo("PENDING_CONFIRMATION")).body("purpose", equalTo("EMERGENCY"))
                    .extract().path("id"));
            Verification row = verification(id);
            assertEquals(CredentialKind.TOKEN, row.credentialKind);
            assertEquals("phr", row.acr, "the agency's acr");
            assertEquals(2, row.approvalsNeeded, "the agency asks two supervisors");
            long deadline = Duration.between(row.createdAt, row.expiresAt).toSeconds();
            assertTrue(Math.abs(deadline - 15 * 60) <= 5, "a deadline of minutes (15), was " + deadline + " s");

            List<Confirmation> asked = QuarkusTransaction.requiringNew().call(() -> Confirmation.<Confirmation>list("verificationId", id));
            Set<UUID> contacts = asked.stream().map(c -> c.contactId).collect(Collectors.toSet());
            assertEquals(Set.of(first.id(), second.id()), contacts, "the supervisors only");
            assertFalse(contacts.contains(standard), "a STANDARD contact is not asked in an emergency");
            assertTrue(asked.stream().allMatch(c -> c.level == ContactLevel.SUPERVISOR));

            WebhookAgencies.approve(first, WebhookAgencies.awaitRequest(receiver, first));
            assertEquals(VerificationState.PENDING_CONFIRMATION, verification(id).state, "one approval of two is not enough");
            WebhookAgencies.approve(second, WebhookAgencies.awaitRequest(receiver, second));
            assertEquals(VerificationState.APPROVED, verification(id).state);

            String trustToken = given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then()
                    .statusCode(200).body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
            JsonNode trust = BrowserlessLogin.claims(trustToken);
            assertEquals(300, trust.path("exp").asLong() - trust.path("iat").asLong(), "the emergency lifetime: " + trust);
            assertTrue(trust.path("iat").asLong() >= before - 5);
        }
    }

    private static io.restassured.response.ValidatableResponse start(TestPortal portal, String email, TestAgency agency, String token) {
        return given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(email, agency.domain(), VerificationFixtures.token(token), "EMERGENCY"))
                .post("/v1/verifications").then();
    }

    private static Verification verification(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(id));
    }
}
