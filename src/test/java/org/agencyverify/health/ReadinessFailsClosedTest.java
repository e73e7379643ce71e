package org.agencyverify.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OwnServers;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows Redis and Keycloak down and back up. Redis here is the test's own and
 * Keycloak is reached through the test's own relay ({@link OwnServers}), so taking them away disturbs
 * nothing else on the machine.
 */
@QuarkusTest
@TestProfile(OwnServers.Profile.class)
public class ReadinessFailsClosedTest {

    private static final Duration NOTICE = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    void readinessFollowsRedisAndKeycloak() {
        Eventually.within(RECOVERY, ReadinessFailsClosedTest::ready);

        OwnServers.stopRedis();
        Eventually.within(NOTICE, () -> notReadyBecauseOf(HealthNames.REDIS));
        given().get("/q/health/live").then().statusCode(200);
        OwnServers.startRedis();
        Eventually.within(RECOVERY, ReadinessFailsClosedTest::ready);

        OwnServers.cutKeycloak();
        Eventually.within(NOTICE, () -> notReadyBecauseOf(HealthNames.KEYCLOAK));
        given().get("/q/health/live").then().statusCode(200);
        OwnServers.restoreKeycloak();
        Eventually.within(RECOVERY, ReadinessFailsClosedTest::ready);
    }

    private static void ready() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void notReadyBecauseOf(String check) {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem(check));
    }
}
