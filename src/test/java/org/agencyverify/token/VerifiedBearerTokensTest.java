package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.agencyverify.common.security.VerifiedBearerTokens;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/** A portal's bearer token is verified by quarkus-oidc once, then recognized by its exact bytes only. */
@QuarkusTest
class VerifiedBearerTokensTest {

    @Inject
    VerificationFixtures fixtures;
    @Inject
    VerifiedBearerTokens tokens;

    private static void introspect(String bearer, int status) {
        given().header("Authorization", bearer).formParam("token", "").post("/v1/tokens/introspect").then().statusCode(status);
    }

    @Test
    void aVerifiedTokenIsRecognizedOnItsNextCall() {
        String bearer = fixtures.portal().bearer();
        introspect(bearer, 200);
        long before = tokens.hits();
        given().header("Authorization", bearer).formParam("token", "").post("/v1/tokens/introspect").then().statusCode(200)
                .body("active", equalTo(false));
        assertEquals(before + 1, tokens.hits());
    }

    @Test
    void anAlteredCopyOfARememberedTokenIsStillRefused() {
        TestPortal portal = fixtures.portal();
        String bearer = portal.bearer();
        introspect(bearer, 200);
        introspect(bearer, 200);
        String token = bearer.substring("Bearer ".length());
        String[] parts = token.split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 2);
        String alteredSignature = signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1);
        introspect("Bearer " + parts[0] + "." + parts[1] + "." + alteredSignature, 401);
        // The same claims with one more byte: not the verified token, so verified again, and refused.
        introspect("Bearer " + token + "A", 401);
        introspect(bearer, 200);
    }
}
