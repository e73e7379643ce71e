package org.agencyverify.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.agencyverify.support.Eventually;
import org.agencyverify.support.OwnServers;
import org.agencyverify.verification.VerificationFixtures;
import org.junit.jupiter.api.Test;

/**
 * Introspection runs on the event loop with the reactive Redis client: a Redis that is down, or that
 * stops answering, is still a 503 problem and never an answer, once the replica sees its revocation channel
 * down (at once when the connection closes; within the lapse, 1 s, when Redis stalls): from then on nothing is
 * served from memory or from leased rate-limit slots. On the test's own Redis (the profile
 * RateLimitFailsClosedTest uses too, so the two share one start), which it stops and pauses.
 */
@QuarkusTest
@TestProfile(OwnServers.Profile.class)
class IntrospectionFailsClosedTest {

    private static final String UNAVAILABLE = "urn:agency-verify:problem:service-unavailable";

    @Inject
    VerificationFixtures fixtures;

    @Inject
    RedisDataSource redis;

    @Inject
    RevocationBus bus;

    @Test
    void redisDownAnswers503NotInactive() {
        String bearer = fixtures.portal().bearer();
        // A test before may have restarted this Redis empty: the index is complete again within a second or so.
        Eventually.within(Duration.ofSeconds(15), () -> introspect(bearer, "not-a-token").then().statusCode(200)
                .body("active", equalTo(false)));
        introspect(bearer, "").then().statusCode(200).body("active", equalTo(false));

        OwnServers.stopRedis();
        try {
            channelDown(Duration.ofSeconds(2));
            introspect(bearer, "not-a-token").then().statusCode(503).body("type", equalTo(UNAVAILABLE)).body("$", not(hasKey("active")));
            introspect(bearer, "").then().statusCode(503).body("type", equalTo(UNAVAILABLE));
        } finally {
            OwnServers.startRedis();
        }
        Eventually.within(Duration.ofSeconds(30), () -> introspect(bearer, "not-a-token").then().statusCode(200));
    }

    /**
     * The reactive client has no timeout of its own: without the limiter's, a stalled Redis would hold the
     * request until it answered, and then answer. Paused well past quarkus.redis.timeout (2 s).
     */
    @Test
    void aRedisThatStopsAnsweringIs503AfterTheTimeout() {
        String bearer = fixtures.portal().bearer();
        // The empty token: only the limiter's script runs, so no 503 below can come from an index being rebuilt.
        Eventually.within(Duration.ofSeconds(15), () -> introspect(bearer, "").then().statusCode(200));

        // Every client's commands wait until the pause ends (CLIENT UNPAUSE would wait too).
        redis.execute("CLIENT", "PAUSE", "6000", "ALL");
        // The replica's own heartbeats stop coming back: within the lapse it stops serving from memory and from
        // its leased rate-limit slots, and goes to Redis, which does not answer.
        channelDown(Duration.ofMillis(RevocationBus.LAPSE_MILLIS + 1_000));
        introspect(bearer, "").then().statusCode(503).body("type", equalTo(UNAVAILABLE));
        Eventually.within(Duration.ofSeconds(30), () -> introspect(bearer, "").then().statusCode(200));
    }

    /** Until then introspection may answer from memory (at most the lapse); the tests assert what follows. */
    private void channelDown(Duration within) {
        Eventually.within(within, () -> assertFalse(bus.cache().healthy(), "the replica sees its revocation channel down"));
    }

    private static Response introspect(String bearer, String token) {
        return given().header("Authorization", bearer).formParam("token", token).post("/v1/tokens/introspect");
    }
}
