package org.agencyverify.confirmation;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.agencyverify.common.crypto.DerivedKeys;
import org.agencyverify.common.crypto.SecretsConfig;

/**
 * The one-time secret of a webhook confirmation: derived from the service's key and the confirmation
 * id, so every retry of a delivery carries the same secret and the service never stores it; only its
 * SHA-256 is kept, and answers are compared with it in constant time.
 */
@ApplicationScoped
public class ConfirmationSecrets {

    private static final String LABEL = "agency-verify confirmation secret v1";

    /** The current key first, then those of previous key-encryption keys. */
    private final List<byte[]> keys;

    ConfirmationSecrets(SecretsConfig config) {
        // A key of its own, derived from the key-encryption key, so the two uses never share one key.
        this.keys = DerivedKeys.of(config, LABEL);
    }

    /** The secret of a confirmation being opened: under the current key. */
    public String secret(UUID confirmationId) {
        return secret(keys.get(0), confirmationId);
    }

    /**
     * The secret whose hash the confirmation keeps: a retried delivery of one opened before the
     * key-encryption key was rotated carries the secret it was opened with, under a previous key.
     */
    public String secret(UUID confirmationId, String storedHash) {
        for (byte[] key : keys) {
            String secret = secret(key, confirmationId);
            if (matches(storedHash, secret)) {
                return secret;
            }
        }
        return secret(confirmationId);
    }

    private static String secret(byte[] key, UUID confirmationId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, confirmationId.toString()));
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Constant time, and false for anything missing. */
    public static boolean matches(String storedHash, String presented) {
        if (storedHash == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                hash(presented).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
