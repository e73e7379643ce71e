package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.officer.Officer;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OfficerTokens;
import org.agencyverify.support.OwnServers;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 8: while Keycloak is down, every verification start answers the same, whoever it
 * names, so the answer never tells an enrolled officer from a stranger. Keycloak is taken away by
 * cutting the test's own relay to it ({@link OwnServers}).
 */
@QuarkusTest
@TestProfile(KeycloakDownTest.OwnKeycloak.class)
class KeycloakDownTest {

    /**
     * The test's own servers; the look at Keycloak is trusted for long, so the moment after Keycloak
     * went away, before any look found it gone, can be tested.
     */
    public static class OwnKeycloak implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnServers.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agency-verify.keycloak.reachability-ttl", "10M",
                    "agency-verify.verification.refusal-floor", "10MS");
        }
    }

    private static final String UNAVAILABLE = "urn:agency-verify:problem:service-unavailable";
    private static final String REFUSED = "urn:agency-verify:problem:verification-refused";

    @Inject
    VerificationFixtures fixtures;
    @Inject
    TestIdentities identities;
    @Inject
    AgencyVerifyConfig config;

    @Test
    void everyStartAnswersTheSameWhileKeycloakIsDown() {
        Eventually.within(Duration.ofSeconds(60), () -> given().get("/q/health/ready").then().statusCode(200));
        RealmAmr.ensure(identities.realm());
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        String bearer = portal.bearer();
        String token = OfficerTokens.strong(config, officer);
        String stranger = agency.email("nobody-" + UUID.randomUUID().toString().substring(0, 8));
        // While Keycloak is up: a stranger is refused, which also makes the service look at Keycloak and
        // fetch the realm's keys (so portal tokens are still checked once it is gone).
        start(bearer, agency, stranger, VerificationFixtures.password("guess", "123456")).then().statusCode(403);
        int officerFailures = failures(officer);

        OwnServers.cutKeycloak();
        try {
            // The moment after: the last look said "up", so a stranger is refused as before, without Keycloak.
            // The officer's check needs Keycloak and finds it gone: the same refusal, not a 503 of its own.
            String strangerInTheWindow = start(bearer, agency, stranger, VerificationFixtures.password("guess", "123456"))
                    .then().statusCode(403).extract().asString();
            String officerInTheWindow = start(bearer, agency, officer.email(),
                    VerificationFixtures.password(officer.password(), officer.nextOtp())).then().extract().asString();
            assertEquals(withoutRequestIds(strangerInTheWindow), withoutRequestIds(officerInTheWindow),
                    "the officer and the stranger get the same answer in the window");

            // From then on, 503 for everyone, decided before anything about the requester is read.
            Response unknown = start(bearer, agency, stranger, VerificationFixtures.password("guess", "123456"));
            Response withPassword = start(bearer, agency, officer.email(),
                    VerificationFixtures.password(officer.password(), officer.nextOtp()));
            Response withToken = start(bearer, agency, officer.email(), VerificationFixtures.token(token));
            Response unknownDomain = start(bearer, agency, "someone@unknown-" + UUID.randomUUID().toString().substring(0, 8) + ".gov",
                    VerificationFixtures.token(token));
            assertAll("503 for every requester, identical apart from the request id",
                    () -> assertUnavailable(unknown, "unknown email"),
                    () -> assertUnavailable(withPassword, "ACTIVE officer, password"),
                    () -> assertUnavailable(withToken, "ACTIVE officer, token"),
                    () -> assertEquals(withoutRequestIds(unknown.asString()), withoutRequestIds(withPassword.asString())),
                    () -> assertEquals(withoutRequestIds(unknown.asString()), withoutRequestIds(withToken.asString())),
                    () -> assertEquals(withoutRequestIds(unknown.asString()), withoutRequestIds(unknownDomain.asString())));
        } finally {
            OwnServers.restoreKeycloak();
        }
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId = ?1 and state <> ?2",
                portal.id(), VerificationState.REJECTED)), "nothing started");
        assertEquals(officerFailures, failures(officer), "Keycloak's outage counts nothing against the officer");
    }

    private static void assertUnavailable(Response response, String who) {
        assertEquals(503, response.statusCode(), who + ": " + response.asString());
        assertEquals(UNAVAILABLE, response.path("type"), who);
    }

    private static Response start(String bearer, TestAgency agency, String email, Map<String, ?> credentials) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(VerificationFixtures.body(email, agency.domain(), credentials, "SUBPOENA")).post("/v1/verifications");
    }

    /** The body without what differs by request (requestId); everything else must be byte for byte the same. */
    private static String withoutRequestIds(String body) {
        return body.replaceAll("\"requestId\":\"[^\"]*\"", "");
    }

    private static int failures(TestOfficer officer) {
        return QuarkusTransaction.requiringNew().call(() -> Officer.<Officer>findById(officer.id()).consecutiveCredentialFailures);
    }
}
