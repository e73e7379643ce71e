package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agencyverify.common.config.AgencyVerifyConfig;
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

/**
 * The Token Status List end to end: every trust token names its entry; a portal's revocation and the
 * officer and agency cascades set their bits; a second replica's cache (another instance, same
 * database) sees the change at its next check; and the list says nothing of which portal holds what.
 */
@QuarkusTest
class StatusListTest {

    private static final String LIST = "/v1/status-lists/1";

    @Inject
    TestIdentities identities;
    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;
    @Inject
    StatusListRecord record;
    @Inject
    SigningKeys keys;
    @Inject
    TokenIssuer issuer;
    @Inject
    TokenConfig config;
    @Inject
    AgencyVerifyConfig service;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    private WebhookReceiver contacts;

    @BeforeEach
    void receiver() {
        contacts = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        contacts.close();
    }

    record Issued(String token, TestAgency agency, TestOfficer officer) {}

    /** A token for the portal, of an officer of an agency of its own (with a webhook contact who approves). */
    private Issued issue(TestPortal portal) {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, contacts);
        TestOfficer officer = fixtures.activeOfficer(agency);
        UUID id = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(contacts, contact));
        String token = given().header("Authorization", portal.bearer()).get("/v1/verifications/" + id).then().statusCode(200)
                .body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
        return new Issued(token, agency, officer);
    }

    /** The token's status claim: its index, after checking the uri is the one list. */
    private int idx(String token) throws Exception {
        Map<String, Object> status = SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("status");
        Map<?, ?> entry = (Map<?, ?>) status.get("status_list");
        assertEquals(service.baseUrl() + LIST, entry.get("uri"));
        int idx = ((Number) entry.get("idx")).intValue();
        UUID jti = UUID.fromString(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        assertEquals(idx, QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>findById(jti).statusIdx),
                "the record holds the index the token names");
        return idx;
    }

    /** A list checked as a portal would: typ, ES256 by a published key, iss, sub, exp after iat; its bytes. */
    private byte[] checked(String jwt) throws Exception {
        SignedJWT list = SignedJWT.parse(jwt);
        assertEquals(new JOSEObjectType(StatusListToken.TYPE), list.getHeader().getType());
        assertEquals(JWSAlgorithm.ES256, list.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.parse(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        ECKey key = (ECKey) jwks.getKeyByKeyId(list.getHeader().getKeyID());
        assertNotNull(key, "signed with a published key");
        assertTrue(list.verify(new ECDSAVerifier(key.toECPublicKey())));
        JWTClaimsSet claims = list.getJWTClaimsSet();
        assertEquals(issuer.issuer(), claims.getIssuer());
        assertEquals(service.baseUrl() + LIST, claims.getSubject());
        assertTrue(claims.getExpirationTime().after(new java.util.Date()), "not expired");
        assertEquals(config.statusListTtl().toSeconds(), claims.getLongClaim("ttl"));
        Map<String, Object> statusList = claims.getJSONObjectClaim("status_list");
        assertEquals(1L, ((Number) statusList.get("bits")).longValue());
        return StatusListEncoding.array((String) statusList.get("lst"), StatusIndexes.SIZE);
    }

    private ExtractableResponse<Response> fetch(String authorization) {
        var request = given().header("Accept", StatusListToken.MEDIA_TYPE);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.get(LIST).then().statusCode(200).contentType(StatusListToken.MEDIA_TYPE).extract();
    }

    private byte[] served() throws Exception {
        return checked(fetch(null).asString());
    }

    private static int bit(byte[] list, int idx) {
        return StatusListEncoding.get(list, 1, idx);
    }

    @Test
    void revocationsAndCascadesSetTheirBitsOnEveryReplica() throws Exception {
        TestPortal portal = fixtures.portal();
        Issued live = issue(portal);
        Issued byPortal = issue(portal);
        Issued ofOfficer = issue(portal);
        Issued ofAgency = issue(portal);
        List<Integer> indexes = List.of(idx(live.token()), idx(byPortal.token()), idx(ofOfficer.token()), idx(ofAgency.token()));
        assertEquals(4, new HashSet<>(indexes).size(), "each token its own index: " + indexes);

        // A second replica: another cache over the same database, checked as its scheduler would.
        StatusListCache replica = new StatusListCache(record, keys, issuer, config, json);
        replica.check();
        byte[] before = checked(replica.served().jwt());
        byte[] servedBefore = served();
        for (int idx : indexes) {
            assertEquals(0, bit(before, idx), "issued tokens are VALID on the replica");
            assertEquals(0, bit(servedBefore, idx), "and on this one");
        }

        given().header("Authorization", portal.bearer()).formParam("token", byPortal.token()).post("/v1/tokens/revoke").then()
                .statusCode(200);
        given().header("Authorization", ofOfficer.agency().admin().bearer())
                .post("/v1/agencies/" + ofOfficer.agency().id() + "/officers/" + ofOfficer.officer().id() + "/suspend").then()
                .statusCode(200);
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer())
                .post("/v1/agencies/" + ofAgency.agency().id() + "/suspend").then().statusCode(200);

        // The revocations bumped the version in their own transactions: the replica's next check rebuilds.
        long version = replica.served().version();
        replica.check();
        assertTrue(replica.served().version() >= version + 3, "three revocations, three bumps at least");
        byte[] after = checked(replica.served().jwt());
        assertEquals(List.of(0, 1, 1, 1), indexes.stream().map(i -> bit(after, i)).toList(),
                "live, revoked by its portal, officer suspended, agency suspended");

        // This replica's own scheduler picks it up too, well within the list's ttl.
        Eventually.within(config.statusListTtl(), () -> {
            try {
                byte[] list = served();
                assertEquals(List.of(0, 1, 1, 1), indexes.stream().map(i -> bit(list, i)).toList());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void theListIsOneForEveryPortalAndCachedByItsTtl() throws Exception {
        TestPortal first = fixtures.portal();
        TestPortal second = fixtures.portal();
        String mine = issue(first).token();
        String theirs = issue(second).token();
        assertNotEquals(idx(mine), idx(theirs));

        // The same document whoever asks (a portal, another, nobody); found from the issuer metadata.
        String aggregation = given().get("/.well-known/agency-verify-issuer").then().statusCode(200)
                .extract().path("status_list_aggregation_endpoint");
        assertEquals(service.baseUrl() + "/v1/status-lists", aggregation);
        given().get("/v1/status-lists").then().statusCode(200).body("status_lists", equalTo(List.of(service.baseUrl() + LIST)));
        String etag = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            // A rebuild may fall between two reads (every half ttl): then read all three again.
            Set<String> tags = new HashSet<>();
            for (String authorization : new String[] {null, first.bearer(), second.bearer()}) {
                tags.add(fetch(authorization).header("ETag"));
            }
            if (tags.size() == 1) {
                etag = tags.iterator().next();
                break;
            }
        }
        assertNotNull(etag, "the same list for every caller");

        // Nothing in it but the draft's members: no audience, no portal, no count of tokens.
        ExtractableResponse<Response> response = fetch(null);
        SignedJWT list = SignedJWT.parse(response.asString());
        assertEquals(Set.of("alg", "kid", "typ"), list.getHeader().toJSONObject().keySet());
        assertEquals(Set.of("iss", "sub", "iat", "exp", "ttl", "status_list"), list.getJWTClaimsSet().getClaims().keySet());
        assertEquals(Set.of("bits", "lst"), list.getJWTClaimsSet().getJSONObjectClaim("status_list").keySet());

        // Cached no longer than its ttl, nor past its exp; the same list again is a 304.
        Matcher maxAge = Pattern.compile("max-age=(\\d+)").matcher(response.header("Cache-Control"));
        assertTrue(maxAge.find(), response.header("Cache-Control"));
        long seconds = Long.parseLong(maxAge.group(1));
        assertTrue(seconds > 0 && seconds <= config.statusListTtl().toSeconds(), "max-age " + seconds);
        boolean notModified = false;
        for (int attempt = 0; attempt < 3 && !notModified; attempt++) {
            String tag = fetch(null).header("ETag");
            int status = given().header("Accept", StatusListToken.MEDIA_TYPE).header("If-None-Match", tag).get(LIST)
                    .then().extract().statusCode();
            notModified = status == 304;
        }
        assertTrue(notModified, "If-None-Match with the current ETag answers 304");
        given().header("Accept", "application/json").get(LIST).then().statusCode(406);

        // One portal's revocation changes that token's bit, not the other portal's token's.
        given().header("Authorization", first.bearer()).formParam("token", mine).post("/v1/tokens/revoke").then().statusCode(200);
        int idx = idx(mine);
        Eventually.within(config.statusListTtl(), () -> {
            try {
                assertEquals(1, bit(served(), idx));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, bit(served(), idx(theirs)));
    }
}
