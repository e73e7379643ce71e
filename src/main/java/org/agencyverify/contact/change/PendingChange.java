package org.agencyverify.contact.change;

import java.util.UUID;

/**
 * A pending change as a {@link ChangeKind} sees it: a copy of the stored row, so that kinds in other
 * features (identity-provider links) never hold the entity. The payload and sealed secret are the
 * kind's own, stored for it when the change was proposed.
 */
public record PendingChange(UUID id, UUID agencyId, ContactChange.Action action, UUID contactId, String idpAlias, String payload,
        String sealedSecret) {

    static PendingChange of(ContactChange change) {
        return new PendingChange(change.id, change.agencyId, change.action, change.contactId, change.idpAlias, change.payload,
                change.sealedSecret);
    }

    @Override
    public String toString() {
        return "PendingChange[" + id + ", " + action + "]";
    }
}
