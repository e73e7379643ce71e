package org.agencyverify.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OwnServers;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/** Redis or Keycloak down: 503, never a refusal and never a pass, and nothing started. On the test's own Redis and Keycloak relay. */
@QuarkusTest
@TestProfile(OwnServers.Profile.class)
class VerificationFailsClosedTest {

    private static final String UNAVAILABLE = "urn:agency-verify:problem:service-unavailable";

    @Inject
    VerificationFixtures fixtures;

    @Test
    void redisOrKeycloakDownAnswers503AndStartsNothing() {
        Eventually.within(Duration.ofSeconds(60), () -> given().get("/q/health/ready").then().statusCode(200));
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        String bearer = portal.bearer();
        // The realm's keys are fetched once, while Keycloak is up.
        given().header("Authorization", bearer).get("/v1/verifications/" + UUID.randomUUID()).then().statusCode(404);

        Map<String, Object> body = VerificationFixtures.body(officer.email(), agency.domain(),
                VerificationFixtures.password(officer.password(), officer.nextOtp()), "SUBPOENA");
        OwnServers.stopRedis();
        try {
            given().header("Authorization", bearer).header("Idempotency-Key", "k-" + UUID.randomUUID())
                    .contentType(ContentType.JSON).body(body).post("/v1/verifications")
                    .then().statusCode(503).body("type", equalTo(UNAVAILABLE));
            given().header("Authorization", bearer).get("/v1/verifications/" + UUID.randomUUID())
                    .then().statusCode(503).body("type", equalTo(UNAVAILABLE));
        } finally {
            OwnServers.startRedis();
        }
        OwnServers.cutKeycloak();
        try {
            given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).post("/v1/verifications")
                    .then().statusCode(503).body("type", equalTo(UNAVAILABLE));
        } finally {
            OwnServers.restoreKeycloak();
        }
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id())));
    }
}
