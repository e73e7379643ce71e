package org.agencyverify.common.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.agencyverify.common.security.Roles;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OwnServers;
import org.agencyverify.support.TestIdentities;
import org.junit.jupiter.api.Test;

/**
 * Without Redis no limit can be counted, so limited endpoints answer 503 rather than run unlimited.
 * Both endpoints below answer without Redis otherwise (a 401 and a 200), so the 503 is the limiter's.
 * On the test's own Redis, which it stops and flushes.
 */
@QuarkusTest
@TestProfile(OwnServers.Profile.class)
class RateLimitFailsClosedTest {

    private static final String UNAVAILABLE = "urn:agency-verify:problem:service-unavailable";

    @Inject
    TestIdentities identities;

    @Inject
    RedisDataSource redis;

    @Test
    void redisDownAnswers503NeverUnlimited() {
        String operator = identities.user(Roles.OPERATOR).bearer();
        given().header("Authorization", operator).get("/v1/portals").then().statusCode(200);
        answer().then().statusCode(401);

        OwnServers.stopRedis();
        try {
            given().header("Authorization", operator).get("/v1/portals").then()
                    .statusCode(503).body("type", equalTo(UNAVAILABLE));
            answer().then().statusCode(503).body("type", equalTo(UNAVAILABLE));
        } finally {
            OwnServers.startRedis();
        }
        Eventually.within(Duration.ofSeconds(30), () -> answer().then().statusCode(401));
    }

    /** A restarted or failed-over Redis has lost its script cache: EVALSHA says NOSCRIPT, and EVAL loads it again. */
    @Test
    void aFlushedScriptCacheIsLoadedAgain() {
        answer().then().statusCode(401);
        redis.execute("SCRIPT", "FLUSH");
        answer().then().statusCode(401);
        assertTrue(redis.execute("SCRIPT", "EXISTS", SlidingWindowLimiter.SHA).get(0).toInteger() == 1,
                "the script is cached again");
    }

    private static io.restassured.response.Response answer() {
        return given().contentType(ContentType.JSON).body("{}").post("/v1/confirmations/" + UUID.randomUUID());
    }
}
