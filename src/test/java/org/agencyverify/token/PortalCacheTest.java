package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.verification.VerificationFixtures;
import org.agencyverify.verification.VerificationFixtures.TestPortal;
import org.junit.jupiter.api.Test;

/**
 * Introspection takes the calling portal from memory on the event loop: a portal suspended while its
 * access token still lives is refused (403) once its cached entry is older than portal-cache-ttl (5 s),
 * through the worker-thread read of the database.
 */
@QuarkusTest
class PortalCacheTest {

    @Inject
    VerificationFixtures fixtures;
    @Inject
    TestIdentities identities;

    @Test
    void aSuspendedPortalsLiveTokenIsRefusedWithinTheCacheTtl() {
        TestPortal portal = fixtures.portal();
        String bearer = portal.bearer();
        introspect(bearer).then().statusCode(200).body("active", equalTo(false));

        given().header("Authorization", identities.user(Roles.OPERATOR).bearer()).post("/v1/portals/" + portal.id() + "/suspend")
                .then().statusCode(200);
        Eventually.within(Duration.ofSeconds(15), () -> introspect(bearer).then().statusCode(403)
                .body("type", equalTo(ProblemType.FORBIDDEN.uri())));
        // Refused from memory too, until the next read.
        introspect(bearer).then().statusCode(403);
    }

    private static io.restassured.response.Response introspect(String bearer) {
        return given().header("Authorization", bearer).formParam("token", "").post("/v1/tokens/introspect");
    }
}
