package org.agencyverify.common.crypto;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Keys the service uses to protect what it stores. */
@ConfigMapping(prefix = "agency-verify.secrets")
public interface SecretsConfig {

    /**
     * AES-256 key-encryption key, base64 of 32 random bytes (e.g. {@code openssl rand -base64 32}),
     * that encrypts stored secrets such as webhook HMAC secrets. From the Secret in production.
     */
    String keyEncryptionSecret();

    /**
     * Earlier key-encryption keys (same form), during a rotation only: values they sealed still open,
     * and are resealed under {@link #keyEncryptionSecret()} at start. Empty by default.
     */
    Optional<List<String>> previousKeyEncryptionSecrets();
}
