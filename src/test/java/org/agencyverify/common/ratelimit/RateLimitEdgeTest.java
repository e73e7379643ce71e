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
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.OfficerTokens;
import org.agencyverify.support.RealmAmr;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.CibaClient;
import org.agencyverify.verification.Verification;
import org.agencyverify.verification.VerificationState;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.BeforeEach;
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

    @Inject
    EnrolledAgencies agencies;

    @Inject
    AgencyVerifyConfig config;

    @BeforeEach
    void amr() {
        RealmAmr.ensure(identities.realm());
    }

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

    /** Per portal and the requester it names: 3 per minute, whatever the caller IP; other portals and requesters untouched. */
    @Test
    void verificationStartPerRequesterAtAPortal() {
        String bearer = fixtures.portal().bearer();
        String requester = randomIp();
        for (int i = 0; i < 3; i++) {
            start(bearer, randomIp(), requester, stranger()).then().statusCode(403).body("type", equalTo(REFUSED));
        }
        assertTooMany(start(bearer, randomIp(), requester, stranger()), 60);
        start(bearer, randomIp(), randomIp(), stranger()).then().statusCode(403);
        start(fixtures.portal().bearer(), randomIp(), requester, stranger()).then().statusCode(403);
    }

    /**
     * Per portal, requester and email (2 per 3 s), before any check: the same answers for an enrolled
     * officer and for an address that is no officer, and no other requester or portal is held back.
     */
    @Test
    void perRequesterEmailAnswersTheSameForOfficersAndStrangersAndHoldsBackNoOneElse() throws InterruptedException {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestAgency other = fixtures.agencyWithContacts();
        // Each through a portal of its own: a portal may start 6 a minute in all.
        List<Integer> forOfficer = sequence(fixtures.portal().bearer(), randomIp(), officer.email(), agency.domain());
        List<Integer> forStranger = sequence(fixtures.portal().bearer(), randomIp(), other.email("no-such-officer"), other.domain());
        assertEquals(List.of(403, 403, 429, 403), forOfficer, "the limit, then its window passing");
        assertEquals(forOfficer, forStranger, "a 429 must not tell whether the email is an officer");

        String bearer = fixtures.portal().bearer();
        String again = randomIp();
        for (int i = 0; i < 2; i++) {
            start(bearer, randomIp(), again, body(officer.email(), agency.domain())).then().statusCode(403);
        }
        assertTooMany(start(bearer, randomIp(), again, body(officer.email(), agency.domain())), 3);
        // Another requester at the same portal, the same requester at another portal: their own buckets.
        start(bearer, randomIp(), randomIp(), body(officer.email(), agency.domain())).then().statusCode(403);
        start(fixtures.portal().bearer(), randomIp(), again, body(officer.email(), agency.domain())).then().statusCode(403);
    }

    private List<Integer> sequence(String bearer, String requester, String email, String domain) throws InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response response = start(bearer, randomIp(), requester, body(email, domain));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertTooMany(response, 3);
                Thread.sleep(Long.parseLong(response.header("Retry-After")) * 1000 + 100);
            }
        }
        statuses.add(start(bearer, randomIp(), requester, body(email, domain)).statusCode());
        return statuses;
    }

    /** Per officer (3 per minute), counting only starts whose credentials passed: strangers' failures use up nothing. */
    @Test
    void perOfficerCountsOnlyStartsWhoseCredentialsPassed() {
        TestAgency agency = fixtures.agencyWithContacts();
        TestOfficer officer = fixtures.activeOfficer(agency);
        String strangers = fixtures.portal().bearer();
        for (int i = 0; i < 5; i++) {
            start(strangers, randomIp(), randomIp(), body(officer.email(), agency.domain())).then().statusCode(403);
        }
        // Through another portal, so that only the officer's rule can bind (each portal may start 6 a minute).
        String bearer = fixtures.portal().bearer();
        String token = OfficerTokens.strong(config, officer);
        for (int i = 0; i < 3; i++) {
            start(bearer, randomIp(), randomIp(), withToken(officer.email(), agency.domain(), token)).then().statusCode(202);
        }
        assertTooMany(start(bearer, randomIp(), randomIp(), withToken(officer.email(), agency.domain(), token)), 60);
        assertEquals(3L, QuarkusTransaction.requiringNew().call(() -> Verification.count("officerId = ?1 and state <> ?2",
                officer.id(), VerificationState.REJECTED)), "the limited start started nothing");
    }

    /** Per agency (4 per minute), counting only starts whose credentials passed. */
    @Test
    void perAgencyCountsOnlyStartsWhoseCredentialsPassed() {
        TestAgency agency = fixtures.agencyWithContacts();
        String strangers = fixtures.portal().bearer();
        for (int i = 0; i < 5; i++) {
            start(strangers, randomIp(), randomIp(), body(agency.email("nobody-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)),
                    agency.domain())).then().statusCode(403);
        }
        String bearer = fixtures.portal().bearer();
        List<TestOfficer> officers = List.of(fixtures.activeOfficer(agency), fixtures.activeOfficer(agency), fixtures.activeOfficer(agency));
        List<String> tokens = officers.stream().map(o -> OfficerTokens.strong(config, o)).toList();
        for (int i = 0; i < 4; i++) {
            start(bearer, randomIp(), randomIp(), withToken(officers.get(i / 2).email(), agency.domain(), tokens.get(i / 2)))
                    .then().statusCode(202);
        }
        assertTooMany(start(bearer, randomIp(), randomIp(), withToken(officers.get(2).email(), agency.domain(), tokens.get(2))), 60);
        // Another agency is not held back.
        TestAgency other = fixtures.agencyWithContacts();
        TestOfficer elsewhere = fixtures.activeOfficer(other);
        start(fixtures.portal().bearer(), randomIp(), randomIp(), withToken(elsewhere.email(), other.domain(),
                OfficerTokens.strong(config, elsewhere))).then().statusCode(202);
    }

    /**
     * Emailed requests (CIBA), per sender address across portals (2 per minute): each start notifies a
     * person, so a third naming the same sender is refused whichever portal asks; other senders go on.
     */
    @Test
    void emailedRequestsPerSenderAcrossPortals() {
        TestAgency agency = agencies.active();
        String sender = agency.email("flooded-" + UUID.randomUUID().toString().substring(0, 8));
        String details = CibaClient.details("SUBPOENA", "CASE-1", null);
        for (int i = 0; i < 2; i++) {
            new CibaClient(fixtures.portal()).authenticateFrom(randomIp(), CibaClient.request(sender, details)).then().statusCode(
                    org.hamcrest.Matchers.not(429));
        }
        Response flooded = new CibaClient(fixtures.portal()).authenticateFrom(randomIp(), CibaClient.request(sender, details));
        flooded.then().statusCode(429).body("error", equalTo("slow_down"));
        long retryAfter = Long.parseLong(flooded.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        new CibaClient(fixtures.portal()).authenticateFrom(randomIp(), CibaClient.request(agency.email("other-" + UUID.randomUUID()
                .toString().substring(0, 8)), details)).then().statusCode(org.hamcrest.Matchers.not(429));
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
        return start(bearer, ip, null, body);
    }

    /** From caller IP {@code ip}, the portal naming {@code requester} (none when null). */
    private static Response start(String bearer, String ip, String requester, java.util.Map<String, Object> body) {
        java.util.Map<String, Object> named = new java.util.HashMap<>(body);
        if (requester != null) {
            named.put("requesterAddress", requester);
        }
        return given().header("Authorization", bearer).header("X-Forwarded-For", ip).contentType(ContentType.JSON).body(named)
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

    private static java.util.Map<String, Object> withToken(String email, String domain, String token) {
        return VerificationFixtures.body(email, domain, VerificationFixtures.token(token), "SUBPOENA");
    }

    /** Addresses from 10/8, so no two runs of the suite share a bucket by chance (keys live a minute at most). */
    private static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
}
