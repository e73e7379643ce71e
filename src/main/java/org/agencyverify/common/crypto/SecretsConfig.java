package org.agencyverify.common.crypto;

import io.smallrye.config.ConfigMapping;

/** Keys the service uses to protect what it stores. */
@ConfigMapping(prefix = "agency-verify.secrets")
public interface SecretsConfig {

    /**
     * AES-256 key-encryption key, base64 of 32 random bytes (e.g. {@code openssl rand -base64 32}),
     * that encrypts stored secrets such as webhook HMAC secrets. From the Secret in production.
     */
    String keyEncryptionSecret();
}
