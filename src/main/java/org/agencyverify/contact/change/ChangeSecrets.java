package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * The secrets that changes of other features' kinds keep sealed until they apply (identity-provider
 * client secrets), for the kind that sealed them to check and reseal under a new key-encryption key.
 */
@ApplicationScoped
public class ChangeSecrets {

    /** Every change that still holds a sealed secret (pending ones: it is dropped once a change ends). */
    @Transactional
    public List<PendingChange> withSealedSecret() {
        return ContactChange.<ContactChange>list("sealedSecret is not null order by createdAt").stream()
                .map(PendingChange::of).toList();
    }

    /** Replaces the change's sealed secret under a row lock, only if it still is {@code expected}. */
    @Transactional
    public boolean replaceSealedSecret(UUID changeId, String expected, String replacement) {
        ContactChange change = ContactChange.findById(changeId, LockModeType.PESSIMISTIC_WRITE);
        if (change == null || !expected.equals(change.sealedSecret)) {
            return false;
        }
        change.sealedSecret = replacement;
        return true;
    }
}
