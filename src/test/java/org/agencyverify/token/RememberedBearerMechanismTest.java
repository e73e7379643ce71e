package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.RememberedBearerMechanism;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Introspection's fast portal authentication (RememberedBearerMechanism) serves only the exact token the
 * default tenant verified: a tampered copy, the same claims signed by another key or issued by another
 * realm, a token on another tenant's path and an admin's token all go through quarkus-oidc as before, and
 * the portal's own checks still run on every call it serves.
 */
@QuarkusTest
class RememberedBearerMechanismTest {

    @Inject
    VerificationFixtures fixtures;
    @Inject
    TestIdentities identities;
    @Inject
    RememberedBearerMechanism mechanism;
    @ConfigProperty(name = "agency-verify.keycloak.url")
    String keycloakUrl;

    private static Response introspect(String bearer) {
        return given().header("Authorization", bearer).formParam("token", "").post("/v1/tokens/introspect");
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static String signedByAnotherKey(String header, String payload) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        String input = header + "." + payload;
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(rs256.sign());
    }

    @Test
    void aRememberedTokenIsServedWithoutQuarkusOidcAndTheAnswerIsTheSame() {
        String bearer = fixtures.portal().bearer();
        introspect(bearer).then().statusCode(200).body("active", equalTo(false));
        long before = mechanism.hits();
        introspect(bearer).then().statusCode(200).body("active", equalTo(false));
        assertEquals(before + 1, mechanism.hits());
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() {
        String bearer = fixtures.portal().bearer();
        introspect(bearer).then().statusCode(200);
        String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 2);
        String tampered = parts[0] + "." + parts[1] + "." + signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1);
        long before = mechanism.hits();
        introspect("Bearer " + tampered).then().statusCode(401).body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
        introspect("Bearer " + parts[0] + "." + parts[1] + "." + signature + "A").then().statusCode(401);
        assertEquals(before, mechanism.hits());
        introspect(bearer).then().statusCode(200);
        assertEquals(before + 1, mechanism.hits());
    }

    @Test
    void theSameClaimsFromAnotherKeyOrAnotherRealmAreRefused() throws Exception {
        String bearer = fixtures.portal().bearer();
        introspect(bearer).then().statusCode(200);
        String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        long before = mechanism.hits();
        // Same header (kid) and claims, another signing key.
        introspect("Bearer " + signedByAnotherKey(parts[0], parts[1])).then().statusCode(401);
        // Same claims, issued by another realm of the same server (its key is not ours either).
        String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
        String otherIssuer = payload.replaceAll("\"iss\":\"([^\"]*)/realms/[^\"]*\"", "\"iss\":\"$1/realms/master\"");
        assertNotEquals(payload, otherIssuer);
        introspect("Bearer " + signedByAnotherKey(parts[0], B64.encodeToString(otherIssuer.getBytes(StandardCharsets.UTF_8))))
                .then().statusCode(401);
        // A genuine token of another realm.
        introspect("Bearer " + TestIdentities.masterRealmAdminToken(keycloakUrl)).then().statusCode(401);
        assertEquals(before, mechanism.hits());
    }

    @Test
    void aRememberedTokenCountsForNothingOnAnotherTenantsPath() {
        String bearer = fixtures.portal().bearer();
        introspect(bearer).then().statusCode(200);
        long before = mechanism.hits();
        // The console's tenant signs people in with a session: a portal's bearer token opens nothing there.
        int status = given().redirects().follow(false).header("Authorization", bearer).get("/console").statusCode();
        assertNotEquals(200, status);
        assertEquals(before, mechanism.hits());
    }

    @Test
    void anAdminsTokenIsAlwaysJudgedByTheAdminSignInRule() {
        String bearer = identities.user(Roles.OPERATOR).bearer();
        introspect(bearer).then().statusCode(403);
        long before = mechanism.hits();
        introspect(bearer).then().statusCode(403);
        assertEquals(before, mechanism.hits());
    }

    @Test
    void aSuspendedPortalsRememberedTokenIsRefusedAsBefore() {
        TestPortal portal = fixtures.portal();
        String bearer = portal.bearer();
        introspect(bearer).then().statusCode(200);
        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).post("/v1/portals/" + portal.id() + "/suspend")
                .then().statusCode(200);
        long before = mechanism.hits();
        // The portal's status is checked on every call (portal-cache-ttl, 5 s, as without the mechanism).
        Eventually.within(Duration.ofSeconds(15), () -> introspect(bearer).then().statusCode(403)
                .body("type", equalTo(ProblemType.FORBIDDEN.uri())));
        assertTrue(mechanism.hits() > before, "refused while authenticated from memory");
    }
}
