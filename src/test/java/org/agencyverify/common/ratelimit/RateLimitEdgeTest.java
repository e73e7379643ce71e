package org.agencyverify.common.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/** Each endpoint family at its configured edge (TightLimits): N answered, N+1 a 429 with Retry-After. */
@QuarkusTest
@TestProfile(TightLimits.class)
class RateLimitEdgeTest {

    private static final String TOO_MANY = "urn:agency-verify:problem:too-many-requests";
    private static final String REFUSED = "urn:agency-verify:problem:verification-refused";

    @Inject
    VerificationFixtures fixtures;

    @Inject
    TestIdentities identities;

    @Test
    void verificationStartPerIp() {
        TestPortal portal = fixtures.portal();
        String bearer = portal.bearer();
        String ip = randomIp();
        for (int i = 0; i < 2; i++) {
            start(bearer, ip, stranger()).then().statusCode(403).body("type", equalTo(REFUSED));
        }
        assertTooMany(start(bearer, ip, stranger()), 60);
        start(bearer, randomIp(), stranger()).then().statusCode(403);
        assertEquals(3L, QuarkusTransaction.requiringNew().call(() -> Verification.count("portalId", portal.id())),
                "the limited request started nothing");
    }

    @Test
    void verificationStartPerPortal() {
        String bearer = fixtures.portal().bearer();
        for (int i = 0; i < 6; i++) {
            start(bearer, randomIp(), stranger()).then().statusCode(403);
        }
        assertTooMany(start(bearer, randomIp(), stranger()), 60);
        start(fixtures.portal().bearer(), randomIp(), stranger()).then().statusCode(403);
    }

    @Test
    void verificationStartPerAgency() {
        TestAgency agency = fixtures.agencyWithContacts();
        String bearer = fixtures.portal().bearer();
        for (int i = 0; i < 4; i++) {
            start(bearer, randomIp(), body(agency.email("nobody-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)),
                    agency.domain())).then().statusCode(403);
        }
        assertTooMany(start(bearer, randomIp(), body(agency.email("nobody-else"), agency.domain())), 60);
    }

    /**
     * Per email (2 per 3 s) before any check, then per officer (3 per minute) once looked up: an
     * enrolled officer and an address that is no officer get exactly the same answers.
     */
    @Test
    void perEmailThenPerOfficerAnswerTheSameForOfficersAndStrangers() throws InterruptedException {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestAgency other = fixtures.agencyWithContacts();
        List<Integer> forOfficer = sequence(fixtures.portal().bearer(), officer.email(), agency.domain());
        List<Integer> forStranger = sequence(fixtures.portal().bearer(), other.email("no-such-officer"), other.domain());
        assertEquals(List.of(403, 403, 429, 403, 429), forOfficer, "email limit, its window passing, then the officer limit");
        assertEquals(forOfficer, forStranger, "a 429 must not tell whether the email is an officer");
    }

    private List<Integer> sequence(String bearer, String email, String domain) throws InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response response = start(bearer, randomIp(), body(email, domain));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertTooMany(response, 3);
                Thread.sleep(Long.parseLong(response.header("Retry-After")) * 1000 + 100);
            }
        }
        for (int i = 0; i < 2; i++) {
            Response response = start(bearer, randomIp(), body(email, domain));
            statuses.add(response.statusCode());
        }
        return statuses;
    }

    @Test
    void confirmationsPerConfirmationAndPerIp() {
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            answer(randomIp(), id).then().statusCode(401);
        }
        assertTooMany(answer(randomIp(), id), 60);

        String ip = randomIp();
        for (int i = 0; i < 3; i++) {
            answer(ip, UUID.randomUUID().toString()).then().statusCode(401);
        }
        assertTooMany(answer(ip, UUID.randomUUID().toString()), 60);
    }

    @Test
    void introspectionPerPortalFreesAfterItsWindow() throws InterruptedException {
        String bearer = fixtures.portal().bearer();
        for (int i = 0; i < 3; i++) {
            introspect(bearer).then().statusCode(200).body("active", equalTo(false));
        }
        Response refused = introspect(bearer);
        assertTooMany(refused, 2);
        Thread.sleep(Long.parseLong(refused.header("Retry-After")) * 1000 + 100);
        introspect(bearer).then().statusCode(200);
    }

    @Test
    void revocationPerPortal() {
        String bearer = fixtures.portal().bearer();
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", bearer).formParam("token", "not-a-token").post("/v1/tokens/revoke").then().statusCode(200);
        }
        assertTooMany(given().header("Authorization", bearer).formParam("token", "not-a-token").post("/v1/tokens/revoke"), 60);
    }

    @Test
    void adminApiPerCaller() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        for (int i = 0; i < 10; i++) {
            given().header("Authorization", operator).get("/v1/portals/" + UUID.randomUUID()).then().statusCode(404);
        }
        assertTooMany(given().header("Authorization", operator).get("/v1/agencies/" + UUID.randomUUID()), 60);
        // Another caller has a bucket of its own.
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).get("/v1/portals/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    private static void assertTooMany(Response response, long maxSeconds) {
        response.then().statusCode(429).contentType("application/problem+json").body("type", equalTo(TOO_MANY))
                .body("status", equalTo(429));
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= maxSeconds, "Retry-After " + retryAfter);
    }

    private static Response start(String bearer, String ip, java.util.Map<String, Object> body) {
        return given().header("Authorization", bearer).header("X-Forwarded-For", ip).contentType(ContentType.JSON).body(body)
                .post("/v1/verifications");
    }

    private static Response answer(String ip, String confirmationId) {
        return given().header("X-Forwarded-For", ip).contentType(ContentType.JSON).body("{}").post("/v1/confirmations/" + confirmationId);
    }

    private static Response introspect(String bearer) {
        return given().header("Authorization", bearer).formParam("token", "not-a-token").post("/v1/tokens/introspect");
    }

    private static java.util.Map<String, Object> stranger() {
        String domain = "unknown-" + UUID.randomUUID().toString().substring(0, 8) + ".example.gov";
        return body("someone@" + domain, domain);
    }

    private static java.util.Map<String, Object> body(String email, String domain) {
        return VerificationFixtures.body(email, domain, VerificationFixtures.password("wrong-password", "000000"), "SUBPOENA");
    }

    /** Addresses from 10/8, so no two runs of the suite share a bucket by chance (keys live a minute at most). */
    private static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}
