package org.agencyverify.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;
import org.agencyverify.common.crypto.SecretsConfig;
import org.agencyverify.common.crypto.TestSecretsConfig;
import org.junit.jupiter.api.Test;

/**
 * A confirmation opened before the key-encryption key was rotated keeps its one-time secret on every
 * retried delivery while the old key is listed as previous.
 */
class ConfirmationSecretsRotationTest {

    private final String oldKey = TestSecretsConfig.randomKey();
    private final String newKey = TestSecretsConfig.randomKey();
    private final SecretsConfig before = TestSecretsConfig.of(oldKey);
    private final SecretsConfig rotating = TestSecretsConfig.of(newKey, oldKey);
    private final SecretsConfig after = TestSecretsConfig.of(newKey);

    @Test
    void aConfirmationOpenedBeforeTheRotationKeepsItsSecret() {
        UUID id = UUID.randomUUID();
        String opened = new ConfirmationSecrets(before).secret(id);
        String storedHash = ConfirmationSecrets.hash(opened);

        ConfirmationSecrets secrets = new ConfirmationSecrets(rotating);
        assertNotEquals(opened, secrets.secret(id), "new confirmations use the new key");
        assertEquals(opened, secrets.secret(id, storedHash));
        String fresh = secrets.secret(id);
        assertEquals(fresh, secrets.secret(id, ConfirmationSecrets.hash(fresh)));
        // Once the previous key is gone, nothing derives the old secret any more.
        assertNotEquals(opened, new ConfirmationSecrets(after).secret(id, storedHash));
    }
}
