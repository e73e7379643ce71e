package org.agencyverify.common.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets from the platform's strong generator. */
public final class RandomSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {}

    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** {@code length} random bytes as unpadded base64url (safe in URLs, forms and headers). */
    public static String base64Url(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
    }
}
