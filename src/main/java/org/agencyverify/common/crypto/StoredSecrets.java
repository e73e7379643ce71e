package org.agencyverify.common.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The {@link KeyRing} of the configured key-encryption key and the previous ones still accepted. */
@ApplicationScoped
public class StoredSecrets {

    private final KeyRing keys;

    StoredSecrets(SecretsConfig config) {
        this.keys = KeyRing.fromBase64(config.keyEncryptionSecret(), config.previousKeyEncryptionSecrets().orElse(List.of()));
    }

    public String seal(String plaintext, String context) {
        return keys.seal(plaintext, context);
    }

    /** The plaintext; an {@link UnreadableSecretException} (a 503, not a 500) when no configured key opens it. */
    public String open(String sealed, String context) {
        return keys.open(sealed, context).plaintext();
    }

    KeyRing keys() {
        return keys;
    }
}
