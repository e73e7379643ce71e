package org.agencyverify.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.ShortSignInAge;
import org.agencyverify.support.TestIdentities;
import org.agencyverify.support.TestIdentities.TestUser;
import org.junit.jupiter.api.Test;

/** An operator's strong sign-in counts only while recent: an old one (a stolen long-lived session) must step up. */
@QuarkusTest
@TestProfile(ShortSignInAge.class)
class AdminSignInFreshnessTest {

    @Inject
    TestIdentities identities;

    @Test
    void aStrongButOldSignInMustStepUp() {
        TestUser operator = identities.user(Roles.OPERATOR);
        given().header("Authorization", operator.bearer()).get("/v1/agencies").then().statusCode(200);
        Eventually.sleep(16_000);
        // The access token itself still lives (5 minutes): only its auth_time is too old.
        given().header("Authorization", operator.bearer()).get("/v1/agencies").then().statusCode(401)
                .header("WWW-Authenticate", containsString("max_age=\"15\""))
                .body("type", equalTo(ProblemType.INSUFFICIENT_USER_AUTHENTICATION.uri()));
    }
}
