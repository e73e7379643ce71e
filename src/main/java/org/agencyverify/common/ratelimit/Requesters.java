package org.agencyverify.common.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a verification start came from, as limits and failure counts key it (plain Java): the
 * requester's address when the portal names one, else the connection's peer. IPv6 addresses count
 * per /64 (what one subscriber usually gets), so walking a /64 gives no fresh bucket. Callers put the
 * portal in front: the same address at two portals is two requesters.
 */
public final class Requesters {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    /** Starts with a hex digit or a colon and holds one: Java parses it as a literal, never asks DNS. */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private Requesters() {}

    /** A dotted IPv4 or an IPv6 literal; anything else is not an address here. */
    public static boolean isAddress(String value) {
        return bucket(value).isPresent();
    }

    /** The requester: the named address if it is one, else the peer ("unknown" when there is none). */
    public static String of(String namedAddress, String peer) {
        return bucket(namedAddress).or(() -> bucket(peer)).orElse(peer == null || peer.isBlank() ? "unknown" : peer.strip());
    }

    /** An IPv4 address as it is, an IPv6 one as its /64; empty for anything else. */
    static Optional<String> bucket(String value) {
        if (value == null || value.isBlank() || value.length() > 45) {
            return Optional.empty();
        }
        String address = value.strip();
        if (IPV4.matcher(address).matches()) {
            return Optional.of(address);
        }
        if (!IPV6.matcher(address).matches()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return Optional.of(InetAddress.getByAddress(bytes).getHostAddress());
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return Optional.of(prefix.append(":/64").toString());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
