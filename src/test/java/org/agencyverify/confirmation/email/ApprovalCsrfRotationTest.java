package org.agencyverify.confirmation.email;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.agencyverify.common.crypto.SecretsConfig;
import org.agencyverify.common.crypto.TestSecretsConfig;
import org.agencyverify.verification.TokenRules;
import org.junit.jupiter.api.Test;

/** An approval page shown before the key-encryption key was rotated still posts while the old key is previous. */
class ApprovalCsrfRotationTest {

    private final TestSecretsConfig.Rotation rotation = TestSecretsConfig.Rotation.random();
    private final SecretsConfig before = rotation.before();
    private final SecretsConfig rotating = rotation.during();
    private final SecretsConfig after = rotation.after();

    @Test
    void anApprovalPageShownBeforeTheRotationStillPosts() {
        SignedIn who = new SignedIn("session-1", new TokenRules.Facts("user-1", null, null, null, null, null, null));
        UUID confirmation = UUID.randomUUID();
        String token = new ApprovalCsrf(before).token(who, confirmation);

        assertTrue(new ApprovalCsrf(rotating).matches(who, confirmation, token));
        assertTrue(new ApprovalCsrf(rotating).matches(who, confirmation, new ApprovalCsrf(rotating).token(who, confirmation)));
        assertFalse(new ApprovalCsrf(after).matches(who, confirmation, token));
        assertFalse(new ApprovalCsrf(rotating).matches(who, UUID.randomUUID(), token));
    }
}
