package org.agencyverify.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    void ipv4AndIpv6AreCutToTheirPrefix() {
        assertEquals(Optional.of("192.0.2.0/24"), Networks.of("192.0.2.77", 24, 48));
        assertEquals(Optional.of("192.0.0.0/16"), Networks.of("192.0.2.77", 16, 48));
        assertEquals(Optional.of("2001:db8:1:0:0:0:0:0/48"), Networks.of("2001:db8:1:2::5", 24, 48));
        assertEquals(Networks.of("127.0.1.9", 24, 48), Networks.of("127.0.1.200", 24, 48));
    }

    @Test
    void anythingButAnIpLiteralHasNoNetwork() {
        assertEquals(Optional.empty(), Networks.of("unknown", 24, 48));
        assertEquals(Optional.empty(), Networks.of("example.com", 24, 48));
        assertEquals(Optional.empty(), Networks.of(null, 24, 48));
        // Strings InetAddress would send to DNS, or read as something else, are not literals either.
        assertEquals(Optional.empty(), Networks.of("abc", 24, 48));
        assertEquals(Optional.empty(), Networks.of("999.1.1.1", 24, 48));
        assertEquals(Optional.empty(), Networks.of("123", 24, 48));
        assertEquals(Optional.of("203.0.113.0/24"), Networks.of("203.0.113.250", 24, 48));
        assertEquals(Optional.of("2001:db8:1:0:0:0:0:0/48"), Networks.of("2001:db8:1:2::9", 24, 48));
    }
}
