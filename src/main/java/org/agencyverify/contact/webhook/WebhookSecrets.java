package org.agencyverify.contact.webhook;

import java.util.Base64;
import org.agencyverify.common.crypto.RandomSecrets;

/** HMAC secrets for signed webhooks in the Standard Webhooks format: {@code whsec_} + base64 of the key bytes. */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    /** 256 bits, the HMAC-SHA256 block-size-safe minimum we use. */
    public static final int KEY_BYTES = 32;

    private WebhookSecrets() {}

    public static String generate() {
        return PREFIX + Base64.getEncoder().encodeToString(RandomSecrets.bytes(KEY_BYTES));
    }

    /** The HMAC key bytes of a {@code whsec_} secret. */
    public static byte[] keyBytes(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
