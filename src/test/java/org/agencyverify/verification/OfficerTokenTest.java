package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.agencyverify.audit.AuditEvent;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.officer.OfficerFixtures;
import org.agencyverify.support.BrowserlessLogin;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.OfficerSignIn;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A local (not federated) officer's own Keycloak sign-in with password + TOTP carries
 * {@code amr: [pwd, otp]} and {@code auth_time}, so its token starts a standard verification; it is
 * still not strong enough for an emergency.
 */
@QuarkusTest
class OfficerTokenTest {

    @Inject
    TestIdentities identities;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    AgencyVerifyConfig config;

    @BeforeEach
    void realmHasTheFilesAmrSetup() {
        RealmAmr.ensure(identities.realm());
    }

    @Test
    void browserSignInWithPasswordAndTotpCarriesAmrAndStartsASubpoenaButNotAnEmergency() {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();

        BrowserlessLogin login = new BrowserlessLogin(config.keycloak().issuer(), TestIdentities.CLIENT);
        BrowserlessLogin.Page end = OfficerSignIn.passwordAndOtp(login, login.authorize("openid", Map.of()),
                officer.email(), officer.password(), officer.nextOtp());
        assertNotNull(login.code(), "back at the client: " + BrowserlessLogin.inputs(end));
        String token = login.tokens().path("access_token").asText();
        assertStrongLocalSignIn(token, officer);

        startsPending(portal, agency, officer, token);
        refusedAsTooWeak(portal, agency, officer, token, "EMERGENCY");
    }

    @Test
    void deviceAuthorizationGrantGivesTheSameTokenWithoutTheCallerSeeingThePassword() {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        String issuer = config.keycloak().issuer();

        String verifier = "v-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        JsonNode device = OfficerSignIn.startDeviceAuthorization(issuer, TestIdentities.CLIENT, verifier);
        assertTrue(device.hasNonNull("device_code"), device.toString());
        assertEquals("authorization_pending", OfficerSignIn.pollDeviceToken(issuer, TestIdentities.CLIENT,
                device.path("device_code").asText(), verifier).path("error").asText(), "nothing before the officer signs in");

        // The officer, on their own device, opens the verification link and signs in.
        BrowserlessLogin officerBrowser = new BrowserlessLogin(issuer, TestIdentities.CLIENT);
        BrowserlessLogin.Page end = OfficerSignIn.passwordAndOtp(officerBrowser,
                officerBrowser.open(device.path("verification_uri_complete").asText()),
                officer.email(), officer.password(), officer.nextOtp());
        assertEquals(200, end.status(), BrowserlessLogin.inputs(end));

        JsonNode tokens = OfficerSignIn.awaitDeviceToken(issuer, TestIdentities.CLIENT, device, verifier);
        assertTrue(tokens.hasNonNull("access_token"), tokens.path("error").asText());
        String token = tokens.path("access_token").asText();
        assertStrongLocalSignIn(token, officer);
        startsPending(portal, agency, officer, token);
    }

    private static void assertStrongLocalSignIn(String token, TestOfficer officer) {
        JsonNode claims = BrowserlessLogin.claims(token);
        Set<String> amr = new HashSet<>();
        claims.path("amr").forEach(v -> amr.add(v.asText()));
        assertEquals(Set.of("pwd", "otp"), amr, claims.toString());
        long authTime = claims.path("auth_time").asLong();
        assertTrue(Math.abs(Instant.now().getEpochSecond() - authTime) < 120, "fresh auth_time: " + claims);
        assertEquals(OfficerFixtures.row(officer.id()).keycloakUserId, claims.path("sub").asText());
    }

    private static void startsPending(TestPortal portal, TestAgency agency, TestOfficer officer, String token) {
        String id = given().header("Authorization", portal.bearer()).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(officer.email(), agency.domain(), VerificationFixtures.token(token), "SUBPOENA"))
                .post("/v1/verifications").then()
                .statusCode(202).body("state", equalTo("PENDING_CONFIRMATION")).extract().path("id");
        Verification row = QuarkusTransaction.requiringNew().call(() -> Verification.<Verification>findById(UUID.fromString(id)));
        assertEquals(CredentialKind.TOKEN, row.credentialKind);
        assertTrue(row.amr.contains("otp"), row.amr);
    }

    private static void refusedAsTooWeak(TestPortal portal, TestAgency agency, TestOfficer officer, String token, String purpose) {
        Map<String, Object> body = VerificationFixtures.body(officer.email(), agency.domain(), VerificationFixtures.token(token), purpose);
        given().header("Authorization", portal.bearer()).contentType(ContentType.JSON).body(body).post("/v1/verifications").then()
                .statusCode(403).body("type", equalTo("urn:agency-verify:problem:verification-refused"));
        String details = QuarkusTransaction.requiringNew().call(() -> {
            Verification row = Verification.<Verification>find("portalId = ?1 and caseReference = ?2",
                    portal.id(), body.get("caseReference")).singleResult();
            assertEquals(VerificationState.REJECTED, row.state);
            return AuditEvent.<AuditEvent>find("subjectId = ?1 and action = ?2", row.id.toString(), "verification.rejected")
                    .singleResult().details;
        });
        assertTrue(details.contains("token-authentication-too-weak"), details);
    }
}
