package org.agencyverify.common.crypto;

import jakarta.enterprise.context.ApplicationScoped;

/** The {@link SecretBox} under the configured key-encryption key. */
@ApplicationScoped
public class StoredSecrets {

    private final SecretBox box;

    StoredSecrets(SecretsConfig config) {
        this.box = SecretBox.fromBase64(config.keyEncryptionSecret());
    }

    public String seal(String plaintext, String context) {
        return box.seal(plaintext, context);
    }

    public String open(String sealed, String context) {
        return box.open(sealed, context);
    }
}
