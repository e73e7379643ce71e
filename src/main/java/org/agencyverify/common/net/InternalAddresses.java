package org.agencyverify.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses an outbound call must never reach: this service's own network and everything that is
 * not the public internet. Covers IPv4 (RFC 6890 special-purpose blocks) and IPv6, including IPv6
 * forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4), which are judged by that address.
 */
public final class InternalAddresses {

    private static final String[] IPV4_BLOCKS = {
        "0.0.0.0/8",          // "this network", unspecified
        "10.0.0.0/8",         // private
        "100.64.0.0/10",      // carrier-grade NAT
        "127.0.0.0/8",        // loopback
        "169.254.0.0/16",     // link-local (cloud metadata lives here)
        "172.16.0.0/12",      // private
        "192.0.0.0/24",       // IETF protocol assignments
        "192.0.2.0/24",       // documentation
        "192.88.99.0/24",     // 6to4 relay anycast
        "192.168.0.0/16",     // private
        "198.18.0.0/15",      // benchmarking
        "198.51.100.0/24",    // documentation
        "203.0.113.0/24",     // documentation
        "224.0.0.0/4",        // multicast
        "240.0.0.0/4",        // reserved, broadcast
    };

    private static final String[] IPV6_BLOCKS = {
        "::/128",             // unspecified
        "::1/128",            // loopback
        "100::/64",           // discard
        "2001:db8::/32",      // documentation
        "fc00::/7",           // unique local (ULA)
        "fe80::/10",          // link-local
        "fec0::/10",          // deprecated site-local
        "ff00::/8",           // multicast
    };

    private InternalAddresses() {}

    /** True when the address is private, loopback, link-local, CGNAT, multicast, unspecified, ULA or reserved. */
    public static boolean isInternal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            InetAddress embedded = embeddedIpv4(v6.getAddress());
            if (embedded != null) {
                return isInternal(embedded);
            }
            return matchesAny(v6.getAddress(), IPV6_BLOCKS);
        }
        if (address instanceof Inet4Address v4) {
            return matchesAny(v4.getAddress(), IPV4_BLOCKS);
        }
        return true;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    static InetAddress embeddedIpv4(byte[] v6) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= v6[i] == 0;
        }
        boolean mapped = firstTenZero && v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
        boolean compatible = firstTenZero && v6[10] == 0 && v6[11] == 0 && !isZeroOrOne(v6);
        boolean nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b
                && allZero(v6, 4, 12);
        if (mapped || compatible || nat64) {
            return v4(v6[12], v6[13], v6[14], v6[15]);
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return v4(v6[2], v6[3], v6[4], v6[5]);
        }
        return null;
    }

    private static boolean isZeroOrOne(byte[] v6) {
        return allZero(v6, 0, 15) && (v6[15] == 0 || v6[15] == 1);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matchesAny(byte[] address, String[] blocks) {
        for (String block : blocks) {
            if (inBlock(address, block)) {
                return true;
            }
        }
        return false;
    }

    static boolean inBlock(byte[] address, String cidr) {
        int slash = cidr.indexOf('/');
        byte[] network = literal(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (network.length != address.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] literal(String ip) {
        try {
            // Literals only: InetAddress does no lookup for them. Keep 16 bytes for IPv6 blocks.
            InetAddress parsed = InetAddress.getByName(ip);
            if (ip.contains(":") && parsed instanceof Inet4Address) {
                throw new IllegalStateException("IPv6 block parsed as IPv4: " + ip);
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
