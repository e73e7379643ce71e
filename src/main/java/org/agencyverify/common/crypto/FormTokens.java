package org.agencyverify.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * The hidden form field that proves a POST comes from a page this service showed to this sign-in: an
 * HMAC of what the form is bound to (the Keycloak session, the user, the form's subject). Stateless, so
 * any pod checks it; another site cannot read the page, so it cannot learn the value. Each use has a key
 * of its own, derived from the key-encryption keys with its label; a page shown before a key rotation
 * still checks.
 */
public final class FormTokens {

    /** The current key first, then those of previous key-encryption keys. */
    private final List<byte[]> keys;

    public FormTokens(SecretsConfig secrets, String label) {
        this.keys = DerivedKeys.of(secrets, label);
    }

    public String token(String... boundTo) {
        return token(keys.get(0), boundTo);
    }

    /** Constant time, so the comparison leaks nothing about the expected value. */
    public boolean matches(String presented, String... boundTo) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        boolean matched = false;
        for (byte[] key : keys) {
            matched |= MessageDigest.isEqual(token(key, boundTo).getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }

    private static String token(byte[] key, String... boundTo) {
        String bound = String.join("\n", boundTo);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hmacs.sha256(key, bound.getBytes(StandardCharsets.UTF_8)));
    }
}
