package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.confirmation.WebhookAgencies;
import org.agencyverify.contact.WebhookReceiver;
import org.agencyverify.support.EnrolledAgencies;
import org.agencyverify.support.EnrolledAgencies.TestAgency;
import org.agencyverify.support.Eventually;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestOfficer;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trust tokens as portals see them, on the real servers. Every token is checked by an independent JOSE
 * library (Nimbus) against the published JWKS, never by the code that made it.
 */
@QuarkusTest
class TrustTokenTest {

    @Inject
    EnrolledAgencies agencies;
    @Inject
    VerificationFixtures fixtures;
    @Inject
    WebhookAgencies webhookAgencies;

    private WebhookReceiver receiver;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    /** A verification approved by its agency's webhook contact, and the portal that started it. */
    record Approved(UUID id, TestPortal portal, TestOfficer officer, TestAgency agency) {}

    private Approved approved() {
        TestAgency agency = agencies.active();
        WebhookAgencies.Contact contact = webhookAgencies.hmacContact(agency, receiver);
        TestOfficer officer = fixtures.activeOfficer(agency);
        TestPortal portal = fixtures.portal();
        UUID id = WebhookAgencies.start(agency, portal, officer, "SUBPOENA");
        WebhookAgencies.approve(contact, WebhookAgencies.awaitRequest(receiver, contact));
        return new Approved(id, portal, officer, agency);
    }

    private static String collect(Approved approved) {
        return given().header("Authorization", approved.portal().bearer()).get("/v1/verifications/" + approved.id()).then()
                .statusCode(200).body("state", equalTo("TOKEN_ISSUED")).extract().path("trustToken");
    }

    private static JWKSet jwks() throws Exception {
        return JWKSet.parse(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
    }

    private static Map<String, Object> introspect(TestPortal portal, String token) {
        return given().header("Authorization", portal.bearer()).formParam("token", token).post("/v1/tokens/introspect").then()
                .statusCode(200).extract().jsonPath().getMap("");
    }

    @Test
    void anApprovedVerificationYieldsOneTokenThatAStandardLibraryAccepts() throws Exception {
        Approved approved = approved();
        String token = collect(approved);

        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertEquals(new JOSEObjectType("agency-trust+jwt"), jwt.getHeader().getType());
        ECKey key = (ECKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new ECDSAVerifier(key.toECPublicKey())), "signed by a key the JWKS publishes");

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        Map<String, Object> metadata = given().get("/.well-known/agency-verify-issuer").then().statusCode(200).extract()
                .jsonPath().getMap("");
        assertEquals(metadata.get("issuer"), claims.getIssuer());
        assertEquals(approved.officer().id().toString(), claims.getSubject());
        assertEquals(List.of(approved.portal().audience()), claims.getAudience());
        assertEquals(1800, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertEquals(claims.getIssueTime(), claims.getNotBeforeTime());
        assertEquals(approved.officer().email(), claims.getStringClaim("email"));
        assertEquals(approved.id().toString(), claims.getStringClaim("verification_id"));
        assertTrue(claims.getStringListClaim("amr").containsAll(List.of("pwd", "otp", "oob")));
        Map<String, Object> agency = claims.getJSONObjectClaim("agency");
        assertEquals(approved.agency().id().toString(), agency.get("id"));
        assertEquals(approved.agency().domain(), agency.get("domain"));
        assertEquals("US", ((Map<?, ?>) agency.get("jurisdiction")).get("country"));
        Map<?, ?> details = (Map<?, ?>) ((List<?>) claims.getClaim("authorization_details")).get(0);
        assertEquals("law_enforcement_request", details.get("type"));
        assertEquals("SUBPOENA", details.get("purpose"));
        assertEquals("a".repeat(64), ((Map<?, ?>) details.get("document_digest")).get("value"));
        assertFalse(claims.getClaims().containsKey("cnf"), "no DPoP proof, no cnf");

        // Collected again: the same token, not a second one.
        Eventually.sleep(5100);
        assertEquals(token, collect(approved));
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> TrustToken.count("verificationId", approved.id())));
        // Nothing about it leaks into the audit log.
        assertFalse(QuarkusTransaction.requiringNew().call(() -> org.agencyverify.audit.AuditEvent.<org.agencyverify.audit.AuditEvent>
                list("subjectId", approved.id().toString())).stream().anyMatch(e -> e.details.contains(token.split("\\.")[2])));
    }

    @Test
    void introspectionVouchesOnlyForTheExactTokenForItsOwnPortal() throws Exception {
        Approved approved = approved();
        String token = collect(approved);
        Map<String, Object> active = introspect(approved.portal(), token);
        assertEquals(true, active.get("active"));
        assertEquals(approved.officer().id().toString(), active.get("sub"));
        assertEquals(approved.portal().audience(), active.get("aud"));
        assertEquals("agency-trust+jwt", active.get("token_type"));

        TestPortal other = fixtures.portal();
        assertEquals(Map.of("active", false), introspect(other, token), "another portal's token is not active for it");

        SignedJWT genuine = SignedJWT.parse(token);
        String[] parts = token.split("\\.");
        // alg none, same header otherwise and the same claims.
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"agency-trust+jwt\",\"kid\":\"" + genuine.getHeader().getKeyID()
                + "\"}").toString() + "." + parts[1] + ".";
        // HS256 with the service's public key as the HMAC secret (the classic key-confusion forgery).
        ECKey published = (ECKey) jwks().getKeyByKeyId(genuine.getHeader().getKeyID());
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("agency-trust+jwt"))
                .keyID(published.getKeyID()).build(), genuine.getJWTClaimsSet());
        confused.sign(new MACSigner(published.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8)));
        // Signed by a key nobody published, under an unknown kid; and under the genuine kid.
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("unknown-kid").generate();
        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("agency-trust+jwt"))
                .keyID("unknown-kid").build(), genuine.getJWTClaimsSet());
        unknownKid.sign(new ECDSASigner(stranger));
        SignedJWT stolenKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("agency-trust+jwt"))
                .keyID(genuine.getHeader().getKeyID()).build(), genuine.getJWTClaimsSet());
        stolenKid.sign(new ECDSASigner(stranger));
        // Wrong typ, re-signed by the stranger (we cannot sign with the service's key, which is the point).
        SignedJWT wrongTyp = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(genuine.getHeader().getKeyID()).build(), genuine.getJWTClaimsSet());
        wrongTyp.sign(new ECDSASigner(stranger));
        // The genuine signature over a payload with another audience.
        String tampered = parts[0] + "." + Base64URL.encode(genuine.getJWTClaimsSet().toString()
                .replace(approved.portal().audience(), "https://attacker.example")).toString() + "." + parts[2];
        // A payload tampered by one character, signature kept.
        String flipped = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("A") ? "B" : "A")
                + parts[1].charAt(parts[1].length() - 1) + "." + parts[2];

        for (String forged : List.of(none, confused.serialize(), unknownKid.serialize(), stolenKid.serialize(), wrongTyp.serialize(),
                tampered, flipped, "not a token", "", token + " ")) {
            if (forged.equals(token + " ")) {
                continue; // whitespace around the genuine token is the genuine token
            }
            assertEquals(Map.of("active", false), introspect(approved.portal(), forged), forged);
        }
        assertEquals(true, introspect(approved.portal(), token).get("active"));
    }

    @Test
    void expiredAndNotYetValidTokensAreInactiveEvenWhileRedisStillHoldsThem() throws Exception {
        Approved approved = approved();
        String token = collect(approved);
        String hash = TokenIndex.hash(token);
        TrustToken row = QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>find("tokenHash", hash).singleResult());
        String stored = row.introspection;
        long now = Instant.now().getEpochSecond();
        // The clock moves on (the Redis entry would be gone by then; its claims decide all the same). An entry is
        // written once at issuance and never changed, so the replica may keep what it read: rewriting it here
        // needs the replica's copy dropped before each read.
        redis().set(issuedKey(hash), stored.replaceFirst("\"exp\":\\d+", "\"exp\":" + (now - 1)));
        bus.cache().lapse();
        assertEquals(Map.of("active", false), introspect(approved.portal(), token));
        redis().set(issuedKey(hash), stored.replaceFirst("\"nbf\":\\d+", "\"nbf\":" + (now + 60)));
        bus.cache().lapse();
        assertEquals(Map.of("active", false), introspect(approved.portal(), token));
        redis().set(issuedKey(hash), stored);
        bus.cache().lapse();
        assertEquals(true, introspect(approved.portal(), token).get("active"));
    }

    @Test
    void aRevokedTokenIsInactiveAndOnlyItsOwnPortalCanRevokeIt() throws Exception {
        Approved approved = approved();
        String token = collect(approved);
        TestPortal other = fixtures.portal();
        given().header("Authorization", other.bearer()).formParam("token", token).post("/v1/tokens/revoke").then().statusCode(200);
        assertEquals(true, introspect(approved.portal(), token).get("active"), "another portal cannot revoke it");
        given().header("Authorization", approved.portal().bearer()).formParam("token", "garbage").post("/v1/tokens/revoke").then()
                .statusCode(200);

        given().header("Authorization", approved.portal().bearer()).formParam("token", token).post("/v1/tokens/revoke").then()
                .statusCode(200);
        assertEquals(Map.of("active", false), introspect(approved.portal(), token));
        TrustToken row = QuarkusTransaction.requiringNew().call(() -> TrustToken.<TrustToken>find("verificationId", approved.id())
                .singleResult());
        assertEquals("portal-request", row.revokedReason);
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> org.agencyverify.audit.AuditEvent.count(
                "subjectId = ?1 and action = 'token.revoked'", row.jti.toString())));
    }

    @Test
    void whenRedisLosesTheIndexIntrospectionFailsClosedUntilItIsRebuilt() throws Exception {
        Approved approved = approved();
        String token = collect(approved);
        Approved revokedOne = approved();
        String revoked = collect(revokedOne);
        given().header("Authorization", revokedOne.portal().bearer()).formParam("token", revoked).post("/v1/tokens/revoke").then()
                .statusCode(200);

        // What a Redis restart without persistence does to our keys (only ours: the server is shared). The
        // rebuild lock held meanwhile, as if another replica were rebuilding: the scheduled check (every
        // second) would otherwise refill the index before the request below, which fetches a bearer token first.
        String bearer = approved.portal().bearer();
        String lock = prefix() + "tt-rebuild-lock";
        redis().set(lock, "test", new io.quarkus.redis.datasource.value.SetArgs().px(java.time.Duration.ofSeconds(30)));
        var keys = redis().getDataSource().key(String.class);
        List<String> ours = keys.keys(prefix() + "tt*").stream().filter(key -> !key.equals(lock)).toList();
        keys.del(ours.toArray(new String[0]));

        given().header("Authorization", bearer).formParam("token", token).post("/v1/tokens/introspect").then()
                .statusCode(503).body("type", equalTo("urn:agency-verify:problem:service-unavailable")).body("$", not(hasKey("active")));
        keys.del(lock);
        Eventually.within(java.time.Duration.ofSeconds(15), () ->
                assertEquals(true, introspect(approved.portal(), token).get("active")));
        assertEquals(Map.of("active", false), introspect(revokedOne.portal(), revoked), "the revocation survived the loss");
    }

    @Test
    void rotationPublishesTheNextKeyFirstAndKeepsTheRetiredOneWhileItsTokensLive() throws Exception {
        Approved approved = approved();
        String before = collect(approved);
        String operator = "Bearer " + operatorToken();
        JWKSet published = jwks();
        assertTrue(published.getKeys().size() >= 2, "the active and the next key");
        String cache = given().get("/.well-known/jwks.json").then().statusCode(200).contentType("application/jwk-set+json")
                .extract().header("Cache-Control");
        assertTrue(cache.contains("max-age="), cache);

        List<Map<String, Object>> keysBefore = given().header("Authorization", operator).get("/v1/signing-keys").then().statusCode(200)
                .extract().jsonPath().getList("");
        String next = keysBefore.stream().filter(k -> "NEXT".equals(k.get("status"))).map(k -> (String) k.get("kid")).findFirst().orElseThrow();
        assertTrue(published.getKeyByKeyId(next) != null, "NEXT is published before it signs");
        Eventually.sleep(1100);
        given().header("Authorization", operator).post("/v1/signing-keys/rotate").then().statusCode(200)
                .body("kid", equalTo(next)).body("status", equalTo("ACTIVE"));
        // Rotating again at once would sign with a key portals may not have fetched yet.
        given().header("Authorization", operator).post("/v1/signing-keys/rotate").then().statusCode(409)
                .body("type", equalTo("urn:agency-verify:problem:conflict"));

        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        JWKSet after = jwks();
        assertTrue(after.getKeyByKeyId(oldKid) != null, "the retired key stays while its tokens live");
        assertTrue(SignedJWT.parse(before).verify(new ECDSAVerifier(((ECKey) after.getKeyByKeyId(oldKid)).toECPublicKey())));
        Approved later = approved();
        String newer = collect(later);
        assertEquals(next, SignedJWT.parse(newer).getHeader().getKeyID());
        assertNotEquals(oldKid, next);
    }

    @Test
    void aKeyThatLeavesTheJwksTakesTheTokensItSignedWithIt() throws Exception {
        Approved approved = approved();
        String token = collect(approved);
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        Eventually.sleep(1100);
        signingKeys.rotate(new org.agencyverify.common.security.Actor("operator", "test"));
        assertTrue(jwks().getKeyByKeyId(kid) != null, "retired, still published");
        assertEquals(true, introspect(approved.portal(), token).get("active"));

        // As if its longest-lived token had expired: the key leaves the JWKS; a token still alive goes with it.
        QuarkusTransaction.requiringNew().run(() -> SigningKey.update("publishUntil = ?1 where kid = ?2",
                Instant.now().minusSeconds(1), kid));
        signingKeys.removeExpiredRetired();

        assertTrue(jwks().getKeyByKeyId(kid) == null, "removed from the JWKS");
        assertEquals(Map.of("active", false), introspect(approved.portal(), token));
        TrustToken row = QuarkusTransaction.requiringNew().call(() ->
                TrustToken.<TrustToken>find("verificationId", approved.id()).singleResult());
        assertEquals("key-removed", row.revokedReason);
    }

    // --- plumbing ---

    @Inject
    SigningKeys signingKeys;

    @Inject
    io.quarkus.redis.datasource.RedisDataSource redisDataSource;

    @Inject
    RevocationBus bus;
    @Inject
    org.agencyverify.support.TestIdentities identities;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "agency-verify.redis.key-prefix")
    String redisPrefix;

    private io.quarkus.redis.datasource.value.ValueCommands<String, String> redis() {
        return redisDataSource.value(String.class);
    }

    private String prefix() {
        return redisPrefix;
    }

    private String issuedKey(String hash) {
        return redisPrefix + "tt:" + hash;
    }

    private String operatorToken() {
        return identities.user(org.agencyverify.common.security.Roles.OPERATOR).token();
    }
}
