package org.agencyverify.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;

/** Bearer tokens from the real Keycloak realm: accepted when genuine, 401 problems otherwise. */
@QuarkusTest
class CallerResourceTest {

    @Inject
    TestIdentities identities;

    @Test
    void genuineTokenShowsTheCaller() {
        TestUser operator = identities.user(Roles.OPERATOR);
        given().header("Authorization", operator.bearer()).get("/v1/me").then()
                .statusCode(200)
                .body("subject", equalTo(operator.id()))
                .body("email", equalTo(operator.email()))
                .body("roles", hasItem(Roles.OPERATOR))
                .body("roles", not(hasItem(Roles.AGENCY_ADMIN)));
    }

    @Test
    void noTokenIsUnauthorizedProblem() {
        unauthorized(given().get("/v1/me"));
    }

    @Test
    void garbageTokenIsUnauthorizedProblem() {
        unauthorized(given().header("Authorization", "Bearer not.a.jwt").get("/v1/me"));
    }

    @Test
    void tamperedTokenIsUnauthorizedProblem() {
        TestUser user = identities.user(Roles.OFFICER);
        String[] parts = user.token().split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace(Roles.OFFICER, Roles.OPERATOR).getBytes());
        unauthorized(given().header("Authorization", "Bearer " + parts[0] + "." + forgedPayload + "." + parts[2]).get("/v1/me"));
    }

    @Test
    void genuineTokenForAnotherAudienceIsUnauthorizedProblem() {
        // Signed by our realm, but minted for Keycloak's admin API, not for agency-verify.
        String foreign = identities.tokenForAnotherAudience();
        unauthorized(given().header("Authorization", "Bearer " + foreign).get("/v1/me"));
    }

    @Test
    void genuineTokenOfAnotherRealmIsUnauthorizedProblem() {
        // Same Keycloak server, another realm: another issuer and a signing key we do not trust.
        String otherRealm = TestIdentities.masterRealmAdminToken(
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("agency-verify.keycloak.url", String.class));
        unauthorized(given().header("Authorization", "Bearer " + otherRealm).get("/v1/me"));
    }

    private static void unauthorized(io.restassured.response.Response response) {
        response.then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo(ProblemType.UNAUTHORIZED.uri()));
    }
}
