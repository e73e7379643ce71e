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

    private final TestSecretsConfig.Rotation rotation = TestSecretsConfig.Rotation.random();
    private final SecretsConfig before = rotation.before();
    private final SecretsConfig rotating = rotation.during();
    private final SecretsConfig after = rotation.after();

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
