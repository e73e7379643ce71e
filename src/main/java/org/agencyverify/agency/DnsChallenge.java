package org.agencyverify.agency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;

/**
 * The DNS TXT challenge that proves an agency controls a domain (ACME dns-01 style): a random
 * 256-bit token, base64url, published under an underscore label that no host name can take.
 */
public final class DnsChallenge {

    /** The label the agency publishes its TXT record under, in front of its domain. */
    public static final String LABEL = "_agency-verify-challenge";
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DnsChallenge() {}

    /** Where the TXT record goes for {@code domain} (already normalized). */
    public static String recordName(String domain) {
        return LABEL + "." + domain;
    }

    /** A fresh token: 256 bits from SecureRandom, base64url without padding (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static Instant expiry(Instant issuedAt, Duration validity) {
        return issuedAt.plus(validity);
    }

    public static boolean expired(Instant expiresAt, Instant now) {
        return expiresAt == null || !now.isBefore(expiresAt);
    }

    /** Whether any published TXT value is the token, compared in constant time. */
    public static boolean published(String token, Collection<String> txtValues) {
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (String value : txtValues) {
            found |= MessageDigest.isEqual(expected, value.strip().getBytes(StandardCharsets.UTF_8));
        }
        return found;
    }
}
