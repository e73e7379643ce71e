package org.agencyverify.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Bucket;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Decision;
import org.junit.jupiter.api.Test;

/** The limiter itself, against the real Redis, under the test prefix. */
@QuarkusTest
class SlidingWindowLimiterTest {

    @Inject
    SlidingWindowLimiter limiter;

    @Inject
    RedisDataSource redis;

    @Inject
    AgencyVerifyConfig config;

    @Test
    void nAllowedThenRefusedUntilTheOldestLeavesTheWindow() throws InterruptedException {
        Bucket bucket = bucket(new Rate(3, Duration.ofMillis(2500)));
        assertTrue(limiter.acquire(List.of(bucket)).allowed(), "request 1 is within the limit");
        Thread.sleep(800); // so that waiting for the first to leave does not let the others go too
        assertTrue(limiter.acquire(List.of(bucket)).allowed(), "request 2 is within the limit");
        assertTrue(limiter.acquire(List.of(bucket)).allowed(), "request 3 is within the limit");
        Decision refused = limiter.acquire(List.of(bucket));
        assertFalse(refused.allowed());
        assertEquals(bucket.rule(), refused.rule());
        assertTrue(refused.waitMillis() > 0 && refused.waitMillis() <= 1700, "wait " + refused.waitMillis());
        assertEquals((refused.waitMillis() + 999) / 1000, refused.retryAfterSeconds(), "Retry-After rounds up to whole seconds");
        Thread.sleep(refused.waitMillis() + 50);
        assertTrue(limiter.acquire(List.of(bucket)).allowed(), "a slot freed when the first request left the window");
        assertFalse(limiter.acquire(List.of(bucket)).allowed(), "only one slot freed");
        assertTrue(redis.key(String.class).pttl(bucket.key()) <= 2500, "the key expires with its window");
    }

    @Test
    void aRequestRefusedByOneRuleSpendsNothingOfTheOthers() {
        Bucket wide = bucket(new Rate(10, Duration.ofMinutes(1)));
        Bucket narrow = bucket(new Rate(1, Duration.ofMinutes(1)));
        assertTrue(limiter.acquire(List.of(wide, narrow)).allowed());
        for (int i = 0; i < 5; i++) {
            Decision refused = limiter.acquire(List.of(wide, narrow));
            assertFalse(refused.allowed());
            assertEquals(narrow.rule(), refused.rule());
        }
        assertEquals(1L, redis.sortedSet(String.class).zcard(wide.key()), "refused requests left no trace in the other bucket");
    }

    @Test
    void concurrentRequestsNeverShareTheLastSlot() throws Exception {
        Bucket bucket = bucket(new Rate(5, Duration.ofMinutes(1)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(() -> limiter.acquire(List.of(bucket)).allowed());
            }
            long allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                allowed += result.get() ? 1 : 0;
            }
            assertEquals(5, allowed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameRoundTripReadsKeysOnlyWhenAllowed() {
        Bucket bucket = bucket(Rate.valueOf("1/1M"));
        String present = config.redis().keyPrefix() + "rl-read-test:" + java.util.UUID.randomUUID();
        String missing = present + ":missing";
        redis.value(String.class).setex(present, 60, "stored");
        SlidingWindowLimiter.Read allowed = limiter.acquireAndRead(List.of(bucket), List.of(present, missing));
        assertTrue(allowed.decision().allowed());
        assertEquals(java.util.Arrays.asList("stored", null), allowed.values());
        SlidingWindowLimiter.Read refused = limiter.acquireAndRead(List.of(bucket), List.of(present, missing));
        assertFalse(refused.decision().allowed());
        assertEquals(List.of(), refused.values(), "a refused request reads nothing");
        redis.key(String.class).del(present);
    }

    @Test
    void ratesAreWrittenLimitSlashWindow() {
        assertEquals(new Rate(10, Duration.ofMinutes(15)), Rate.valueOf("10/15M"));
        assertEquals(new Rate(3000, Duration.ofSeconds(1)), Rate.valueOf(" 3000 / PT1S "));
        assertThrows(IllegalArgumentException.class, () -> Rate.valueOf("10"));
        assertThrows(IllegalArgumentException.class, () -> Rate.valueOf("0/1M"));
    }

    @Test
    void ipv6CallersCountPerSlash64() {
        assertEquals("2001:db8:1:2::/64", ClientAddress.bucket("2001:db8:1:2:aaaa::1"));
        assertEquals(ClientAddress.bucket("2001:db8:1:2::1"), ClientAddress.bucket("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals("203.0.113.7", ClientAddress.bucket("203.0.113.7"));
    }

    /** The cost a limited endpoint pays: one EVALSHA. Printed, not asserted: the machine is shared. */
    @Test
    void oneRoundTripPerRequest() {
        Bucket bucket = bucket(new Rate(1_000_000, Duration.ofSeconds(1)));
        for (int i = 0; i < 200; i++) {
            limiter.acquire(List.of(bucket));
        }
        int calls = 2000;
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            limiter.acquire(List.of(bucket));
        }
        long micros = (System.nanoTime() - started) / 1000 / calls;
        Log.infof("Rate limiter: %d us per acquire over %d sequential calls", micros, calls);
        assertTrue(micros < 50_000);
    }

    private Bucket bucket(Rate rate) {
        String rule = "test-" + UUID.randomUUID();
        return new Bucket(rule, config.redis().keyPrefix() + "rl:" + rule, rate);
    }
}
