package org.agencyverify.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The status list's bytes and lst, against the draft's own examples (draft-ietf-oauth-status-list), without a server. */
class StatusListEncodingTest {

    /** The draft's 1-bit example: 16 statuses, bytes 0xB9 0xA3, lst "eNrbuRgAAhcBXQ". */
    @Test
    void oneBitFollowsTheDraftsBitOrderAndCompression() {
        int[] statuses = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
        byte[] list = StatusListEncoding.empty(16, 1);
        for (int i = 0; i < statuses.length; i++) {
            StatusListEncoding.set(list, 1, i, statuses[i]);
        }
        assertArrayEquals(new byte[] {(byte) 0xB9, (byte) 0xA3}, list);
        assertEquals("eNrbuRgAAhcBXQ", StatusListEncoding.lst(list));
        byte[] decoded = StatusListEncoding.array("eNrbuRgAAhcBXQ", 1024);
        for (int i = 0; i < statuses.length; i++) {
            assertEquals(statuses[i], StatusListEncoding.get(decoded, 1, i), "index " + i);
        }
    }

    /** The draft's 2-bit example: 12 statuses (SUSPENDED among them), bytes 0xC9 0x44 0xF9, lst "eNo76fITAAPfAgc". */
    @Test
    void twoBitsHoldSuspended() {
        int[] statuses = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};
        byte[] list = StatusListEncoding.empty(12, 2);
        for (int i = 0; i < statuses.length; i++) {
            StatusListEncoding.set(list, 2, i, statuses[i]);
        }
        assertArrayEquals(new byte[] {(byte) 0xC9, 0x44, (byte) 0xF9}, list);
        assertEquals("eNo76fITAAPfAgc", StatusListEncoding.lst(list));
        assertEquals(StatusListEncoding.SUSPENDED, StatusListEncoding.get(StatusListEncoding.array("eNo76fITAAPfAgc", 1024), 2, 9));
        // Setting a value again replaces it, leaving the neighbours alone.
        StatusListEncoding.set(list, 2, 1, StatusListEncoding.VALID);
        assertEquals(0, StatusListEncoding.get(list, 2, 1));
        assertEquals(1, StatusListEncoding.get(list, 2, 0));
        assertEquals(0, StatusListEncoding.get(list, 2, 2));
    }

    @Test
    void theServicesListRoundTripsAndStaysSmall() {
        Random random = new Random(14);
        List<Integer> invalid = random.ints(200, 0, StatusIndexes.SIZE).boxed().toList();
        byte[] list = StatusListToken.array(invalid);
        assertEquals(StatusIndexes.SIZE / 8, list.length);
        String lst = StatusListToken.claims("https://verify.example", "https://verify.example/v1/status-lists/1",
                Instant.parse("2026-12-07T06:00:00Z"), Duration.ofMinutes(10), Duration.ofSeconds(60),
                StatusListEncoding.lst(list)).get("status_list") instanceof Map<?, ?> m ? (String) m.get("lst") : null;
        assertTrue(lst.length() < 4096, "200 revoked of 2^20 compress to " + lst.length() + " characters");
        byte[] back = StatusListEncoding.array(lst, StatusIndexes.SIZE / 8);
        assertArrayEquals(list, back);
        int set = 0;
        for (int i = 0; i < StatusIndexes.SIZE; i++) {
            set += StatusListEncoding.get(back, 1, i);
        }
        assertEquals(invalid.stream().distinct().count(), set, "exactly the revoked indexes are set");
        invalid.forEach(i -> assertEquals(StatusListEncoding.INVALID, StatusListEncoding.get(back, 1, i)));
    }

    @Test
    void claimsAreTheDraftsAndNothingMore() {
        Map<String, Object> claims = StatusListToken.claims("https://verify.example", "https://verify.example/v1/status-lists/1",
                Instant.parse("2026-12-07T06:00:00Z"), Duration.ofMinutes(10), Duration.ofSeconds(60), "eNrbuRgAAhcBXQ");
        assertEquals(List.of("iss", "sub", "iat", "exp", "ttl", "status_list"), List.copyOf(claims.keySet()));
        assertEquals(600L, (Long) claims.get("exp") - (Long) claims.get("iat"));
        assertEquals(60L, claims.get("ttl"));
        assertEquals(Map.of("bits", 1, "lst", "eNrbuRgAAhcBXQ"), claims.get("status_list"));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StatusListEncoding.empty(16, 3));
        assertThrows(IllegalArgumentException.class, () -> StatusListEncoding.set(new byte[2], 1, 0, 2), "2 needs two bits");
        assertThrows(IndexOutOfBoundsException.class, () -> StatusListEncoding.get(new byte[2], 1, 16));
        assertThrows(IllegalArgumentException.class, () -> StatusListEncoding.array("bm90IHpsaWI", 1024), "not ZLIB");
        String bomb = StatusListEncoding.lst(new byte[1 << 20]);
        assertThrows(IllegalArgumentException.class, () -> StatusListEncoding.array(bomb, 1 << 16), "inflates past the limit");
        String truncated = StatusListEncoding.lst(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThrows(IllegalArgumentException.class, () -> StatusListEncoding.array(truncated.substring(0, 8), 1024));
    }

    /** Fail closed: no list unless PostgreSQL confirmed it within the ttl, and none near or past its exp. */
    @Test
    void aListIsServedOnlyWhileConfirmedAndFarFromItsExp() {
        Instant now = Instant.parse("2026-12-07T06:00:00Z");
        Duration ttl = Duration.ofSeconds(60);
        Instant exp = now.plus(Duration.ofMinutes(10));
        assertTrue(StatusListCache.servable(now.minusSeconds(1), exp, ttl, now), "confirmed a second ago");
        assertFalse(StatusListCache.servable(now.minusSeconds(60), exp, ttl, now), "not confirmed for a ttl (PostgreSQL down)");
        assertFalse(StatusListCache.servable(now, now.plusSeconds(60), ttl, now), "exp within a ttl");
        assertFalse(StatusListCache.servable(now, now.minusSeconds(1), ttl, now), "expired");
    }
}
