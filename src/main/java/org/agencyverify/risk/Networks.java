package org.agencyverify.risk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The network of an address, as the new-network signal compares them (plain Java). */
public final class Networks {

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private Networks() {}

    /** A dotted IPv4 or an IPv6 literal; anything else would make InetAddress ask DNS. */
    static boolean literal(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        return IPV4.matcher(address).matches() || (address.contains(":") && address.matches("[0-9a-fA-F:.]+"));
    }

    /**
     * {@code 192.0.2.0/24} for {@code 192.0.2.77} with a /24 prefix; empty for anything that is not an
     * IP literal (never a DNS lookup).
     */
    public static Optional<String> of(String address, int ipv4Prefix, int ipv6Prefix) {
        if (!literal(address)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int prefix = Math.max(0, Math.min(bytes.length * 8, bytes.length == 4 ? ipv4Prefix : ipv6Prefix));
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
