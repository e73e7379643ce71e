package org.agencyverify.common.crypto;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** A {@link SecretsConfig} for plain unit tests: a key and the previous ones. */
public record TestSecretsConfig(String keyEncryptionSecret, List<String> previous) implements SecretsConfig {

    public static TestSecretsConfig of(String key, String... previous) {
        return new TestSecretsConfig(key, List.of(previous));
    }

    /** A rotation from one random key to another: before it, while the old key is previous, and after it. */
    public record Rotation(SecretsConfig before, SecretsConfig during, SecretsConfig after) {
        public static Rotation random() {
            String oldKey = randomKey();
            String newKey = randomKey();
            return new Rotation(of(oldKey), of(newKey, oldKey), of(newKey));
        }
    }

    public static String randomKey() {
        return Base64.getEncoder().encodeToString(RandomSecrets.bytes(32));
    }

    @Override
    public Optional<List<String>> previousKeyEncryptionSecrets() {
        return previous.isEmpty() ? Optional.empty() : Optional.of(previous);
    }
}
