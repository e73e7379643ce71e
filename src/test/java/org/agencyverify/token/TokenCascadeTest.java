package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.common.security.Roles;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Suspending an officer or an agency revokes their live tokens and tells the portals, end to end. */
@QuarkusTest
class TokenCascadeTest {

    private static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    private static final String ACCOUNT_DISABLED = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;

    private WebhookReceiver contacts;
    private WebhookReceiver portalEvents;

    @BeforeEach
    void receivers() {
        contacts = new WebhookReceiver();
        portalEvents = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        contacts.close();
        portalEvents.close();
    }

    record Issued(UUID verificationId, String token, TestPortal portal, TestOfficer officer, TestAgency agency, String eventsPath) {}

    /** A portal with an event endpoint, and a token it collected. */
    private Issued issued() {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, contacts);
        TestOfficer officer = fixtures.activeOfficer(agency);
        String eventsPath = "/events/" + UUID.randomUUID();
        TestPortal portal = portalWithEvents(portalEvents.url(eventsPath));
        UUID id = WebhookAgencies.start(agency, portal, officer, "COURT_ORDER");
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(contacts, contact));
        String token = given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
        return new Issued(id, token, portal, officer, agency, eventsPath);
    }

    private TestPortal portalWithEvents(String endpoint) {
        String audience = "https://portal-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        var created = given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "Events portal", "audience", audience, "eventEndpoint", endpoint))
                .post("/v1/portals").then().statusCode(201).extract();
        return new TestPortal(UUID.fromString(created.path("portal.id")), audience, created.path("clientId"),
                created.path("clientSecret"), "Events portal");
    }

    private static boolean active(TestPortal portal, String token) {
        return given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/introspect").then()
                .statusCode(200).extract().jsonPath().getBoolean("active");
    }

    /** The SETs the portal received, each checked with Nimbus against the published JWKS. */
    private List<JWTClaimsSet> events(Issued issued, int expected) throws Exception {
        Eventually.within(Duration.ofSeconds(20), () -> assertEquals(expected, portalEvents.received(issued.eventsPath()).size()));
        JWKSet jwks = JWKSet.parse(given().get("/.well-known/jwks.json").then().extract().asString());
        List<JWTClaimsSet> sets = new java.util.ArrayList<>();
        for (WebhookReceiver.Received received : portalEvents.received(issued.eventsPath())) {
            assertEquals("application/secevent+jwt", received.headers().get("content-type"));
            SignedJWT set = SignedJWT.parse(received.body());
            assertEquals(new JOSEObjectType("secevent+jwt"), set.getHeader().getType());
            ECKey key = (ECKey) jwks.getKeyByKeyId(set.getHeader().getKeyID());
            assertTrue(set.verify(new ECDSAVerifier(key.toECPublicKey())), "signed with a published key");
            assertEquals(List.of(issued.portal().audience()), set.getJWTClaimsSet().getAudience());
            sets.add(set.getJWTClaimsSet());
        }
        return sets;
    }

    @Test
    void suspendingTheOfficerRevokesTheTokenAndTellsThePortal() throws Exception {
        Issued issued = issued();
        assertTrue(active(issued.portal(), issued.token()));

        given().header("Authorization", issued.agency().admin().bearer())
                .post("/v1/agencies/" + issued.agency().id() + "/officers/" + issued.officer().id() + "/suspend").then().statusCode(200);

        assertEquals(false, active(issued.portal(), issued.token()));
        List<JWTClaimsSet> sets = events(issued, 2);
        Map<String, JWTClaimsSet> byType = new java.util.HashMap<>();
        for (JWTClaimsSet set : sets) {
            byType.put(set.getJSONObjectClaim("events").keySet().iterator().next(), set);
        }
        String jti = SignedJWT.parse(issued.token()).getJWTClaimsSet().getJWTID();
        assertEquals(Map.of("format", "opaque", "id", jti), byType.get(SESSION_REVOKED).getJSONObjectClaim("sub_id"));
        assertEquals(Map.of("format", "email", "email", issued.officer().email()),
                byType.get(ACCOUNT_DISABLED).getJSONObjectClaim("sub_id"));
        // Delivered once each: the outbox does not send them again.
        Eventually.sleep(2500);
        assertEquals(2, portalEvents.received(issued.eventsPath()).size());
    }

    @Test
    void suspendingTheAgencyRevokesItsOfficersTokens() throws Exception {
        Issued issued = issued();
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .post("/v1/agencies/" + issued.agency().id() + "/suspend").then().statusCode(200);

        assertEquals(false, active(issued.portal(), issued.token()));
        List<JWTClaimsSet> sets = events(issued, 1);
        assertTrue(sets.get(0).getJSONObjectClaim("events").containsKey(SESSION_REVOKED));
    }

    @Test
    void anApprovalIsNotCollectedOnceTheOfficerWasSuspended() {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, contacts);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID id = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(contacts, contact));
        given().header("Authorization", agency.admin().bearer())
                .post("/v1/agencies/" + agency.id() + "/officers/" + officer.id() + "/suspend").then().statusCode(200);

        given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .body("state", equalTo("EXPIRED")).body("trustToken", nullValue());
        assertEquals(0L, (long) io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> TrustToken.count("verificationId", id)));
    }

    @Test
    void theStreamConfigurationTellsPortalsWhatToExpect() {
        given().get("/.well-known/ssf-configuration").then().statusCode(200)
                .body("spec_version", equalTo("1_0"))
                .body("delivery_methods_supported", equalTo(List.of("urn:ietf:rfc:8935")))
                .body("events_supported", equalTo(List.of(SESSION_REVOKED, ACCOUNT_DISABLED)));
    }
}
