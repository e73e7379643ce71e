package org.agencyverify.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.agencyverify.token.IntrospectionCache.Cached;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of this replica's copy of the token index: the stale-put race, and serving only while proven alive. */
class IntrospectionCacheTest {

    private static final long LAPSE = 1_000;
    private static final Cached ACTIVE = new Cached("aud", 0, Long.MAX_VALUE, "{\"active\":true}", false);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private IntrospectionCache cache;

    @BeforeEach
    void alive() {
        cache = new IntrospectionCache(100, LAPSE, clock::get);
        cache.subscribed();
        cache.heartbeatSeen(clock.get());
    }

    @Test
    void aReadThatARevocationOvertookIsNotKept() {
        long before = cache.epoch();
        // The Redis read is in flight (it saw the token active) when the revocation arrives.
        cache.revoked(List.of("h"));
        cache.put("h", ACTIVE, before);
        assertNull(cache.get("h"), "the read started before the revocation: not kept");

        long after = cache.epoch();
        cache.put("h", ACTIVE, after);
        assertNotNull(cache.get("h"), "a read started after it is kept");
        cache.revoked(List.of("h"));
        assertNull(cache.get("h"));
    }

    @Test
    void aRevocationOfAnotherTokenAlsoSpoilsTheRead() {
        long before = cache.epoch();
        cache.revoked(List.of("other"));
        cache.put("h", ACTIVE, before);
        assertNull(cache.get("h"), "one epoch for all: conservative, never stale");
    }

    @Test
    void aLapseDuringTheReadSpoilsItEvenOnceAliveAgain() {
        long before = cache.epoch();
        cache.disconnected();
        cache.subscribed();
        cache.heartbeatSeen(clock.get());
        assertTrue(cache.healthy());
        cache.put("h", ACTIVE, before);
        assertNull(cache.get("h"));
    }

    @Test
    void nothingIsServedOnceTheOwnHeartbeatIsOlderThanTheLapse() {
        cache.put("h", ACTIVE, cache.epoch());
        clock.addAndGet(LAPSE - 1);
        assertNotNull(cache.get("h"));
        clock.addAndGet(1);
        assertFalse(cache.healthy());
        assertNull(cache.get("h"));
        assertEquals(0, cache.size(), "emptied on the lapse");

        // Alive again: but what was kept before the lapse is gone, and is read again from Redis.
        cache.heartbeatSeen(clock.get());
        assertTrue(cache.healthy());
        assertNull(cache.get("h"));
    }

    @Test
    void aHeartbeatAfterAnUnnoticedLapseStillEmptiesTheCopy() {
        cache.put("h", ACTIVE, cache.epoch());
        clock.addAndGet(LAPSE * 5);
        // No call looked while it lapsed; the next heartbeat must not revive what may have missed revocations.
        cache.heartbeatSeen(clock.get());
        assertNull(cache.get("h"));
    }

    @Test
    void aHeartbeatCountsFromWhenItWasSentNotWhenItArrived() {
        cache.subscribed();
        clock.addAndGet(LAPSE / 2);
        cache.heartbeatSeen(clock.get() - LAPSE);
        assertFalse(cache.healthy(), "a heartbeat sent a lapse ago proves nothing about the last lapse");
    }

    @Test
    void disconnectedServesNothingEvenWithAFreshHeartbeat() {
        cache.put("h", ACTIVE, cache.epoch());
        cache.disconnected();
        cache.heartbeatSeen(clock.get());
        assertFalse(cache.healthy());
        assertNull(cache.get("h"));
        long epoch = cache.epoch();
        cache.put("h", ACTIVE, epoch);
        assertEquals(0, cache.size(), "nothing kept while not proven alive");
    }

    @Test
    void subscribingAgainEmptiesTheCopyAndWaitsForAHeartbeat() {
        cache.put("h", ACTIVE, cache.epoch());
        cache.subscribed();
        assertFalse(cache.healthy());
        assertEquals(0, cache.size());
    }

    @Test
    void theCopyStaysBounded() {
        for (int i = 0; i < 1_000; i++) {
            cache.put("h" + i, ACTIVE, cache.epoch());
        }
        assertTrue(cache.size() <= 100, "size " + cache.size());
        assertNotNull(cache.get("h999"), "the newest is kept");
    }
}
