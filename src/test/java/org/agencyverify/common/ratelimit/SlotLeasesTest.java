package org.agencyverify.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Bucket;
import org.agencyverify.common.ratelimit.SlidingWindowLimiter.Decision;
import org.junit.jupiter.api.Test;

/**
 * Leased slots against the real Redis: two "replicas" (two limiters of their own on the same keys, as two
 * processes would be) spending one portal's window as fast as they can never allow more than the limit plus
 * one batch each in any window, the bound the README states.
 */
@QuarkusTest
class SlotLeasesTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    AgencyVerifyConfig config;

    @Test
    void twoReplicasTogetherStayWithinTheLimitPlusOneBatchEach() throws Exception {
        Rate rate = new Rate(200, Duration.ofMillis(1000));
        int batch = 20;
        Bucket bucket = new Bucket("lease-test", config.redis().keyPrefix() + "rl:lease-test:" + UUID.randomUUID(), rate);
        List<SlotLeases> replicas = List.of(replica(), replica());

        List<Long> allowed = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofMillis(3500).toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SlotLeases replica = replicas.get(t % 2);
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        Decision decision = replica.acquire(bucket, batch).await().atMost(Duration.ofSeconds(5));
                        if (decision.allowed()) {
                            allowed.add(System.nanoTime());
                        } else {
                            assertTrue(decision.waitMillis() >= 1 && decision.waitMillis() <= rate.window().toMillis());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        List<Long> times = new ArrayList<>(allowed);
        Collections.sort(times);
        long windowNanos = rate.window().toNanos();
        int most = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= windowNanos) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        int bound = rate.limit() + batch * replicas.size();
        System.out.printf("Leased limit %s, batch %d, 2 replicas: %d allowed in 3.5 s, at most %d in any window (bound %d)%n",
                rate, batch, times.size(), most, bound);
        assertTrue(most <= bound, "at most " + bound + " in a window, saw " + most);
        assertTrue(times.size() >= rate.limit() * 2, "the limit is still reachable: " + times.size());
    }

    @Test
    void aSingleReplicaIsRefusedOnceTheWindowIsSpentAndServedAgainWhenItFrees() throws Exception {
        Rate rate = new Rate(5, Duration.ofMillis(1500));
        Bucket bucket = new Bucket("lease-test", config.redis().keyPrefix() + "rl:lease-test:" + UUID.randomUUID(), rate);
        SlotLeases replica = replica();
        for (int i = 0; i < 5; i++) {
            assertTrue(replica.acquire(bucket, 30).await().indefinitely().allowed(), "slot " + i);
        }
        Decision refused = replica.acquire(bucket, 30).await().indefinitely();
        assertFalse(refused.allowed());
        assertEquals("lease-test", refused.rule());
        Thread.sleep(refused.waitMillis() + 50);
        assertTrue(replica.acquire(bucket, 30).await().indefinitely().allowed());
    }

    private SlotLeases replica() {
        return new SlotLeases(new SlidingWindowLimiter(redis, Duration.ofSeconds(2)));
    }
}
