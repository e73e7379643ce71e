package org.agencyverify.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestersTest {

    @Test
    void theNamedAddressWinsOverThePeer() {
        assertEquals("203.0.113.7", Requesters.of("203.0.113.7", "10.0.0.1"));
        assertEquals("203.0.113.7", Requesters.of(" 203.0.113.7 ", "10.0.0.1"));
        assertEquals("10.0.0.1", Requesters.of(null, "10.0.0.1"));
    }

    @Test
    void ipv6RequestersCountPerSlash64() {
        assertEquals("2001:db8:1:2::/64", Requesters.of("2001:db8:1:2:aaaa::1", "10.0.0.1"));
        assertEquals(Requesters.of("2001:db8:1:2::1", null), Requesters.of("2001:db8:1:2:ffff:ffff:ffff:ffff", null),
                "walking a /64 gives no fresh requester");
        assertEquals("192.0.2.1", Requesters.of("::ffff:192.0.2.1", null), "an IPv4-mapped address is the IPv4 one");
    }

    @Test
    void onlyLiteralsAreAddressesNeverANameToLookUp() {
        assertTrue(Requesters.isAddress("198.51.100.9"));
        assertTrue(Requesters.isAddress("::1"));
        for (String notOne : new String[] {"example.com", "localhost", "999.1.1.1", "1.2.3", ".:", "not-an-address", "", " ",
                "fe80::1%eth0", "1:2:3:4:5:6:7:8:9"}) {
            assertFalse(Requesters.isAddress(notOne), notOne);
        }
        assertEquals("10.0.0.1", Requesters.of("example.com", "10.0.0.1"), "not an address: the peer counts");
        assertEquals("unknown", Requesters.of(null, null));
    }
}
