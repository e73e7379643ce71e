package org.agencyverify.contact;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.identity.KeycloakRefusedException;

/**
 * The one way a contact leaves: REMOVED, its Keycloak user (email contacts) disabled, and
 * {@link ContactRemoved} fired in the same transaction, so that its open confirmation requests are
 * cancelled with the removal and nobody holding its credential can answer them. The caller audits.
 */
@ApplicationScoped
public class ContactRemoval {

    private final ContactUsers users;
    private final OnRollback onRollback;
    private final EntityManager entityManager;
    private final Event<ContactRemoved> removed;

    ContactRemoval(ContactUsers users, OnRollback onRollback, EntityManager entityManager, Event<ContactRemoved> removed) {
        this.users = users;
        this.onRollback = onRollback;
        this.entityManager = entityManager;
        this.removed = removed;
    }

    /** Takes a PENDING or ACTIVE contact out, in the caller's transaction (the contact row locked). */
    public void remove(AgencyContact contact, Actor actor, Instant now) {
        // A PENDING (proposed) contact's user was never enabled: only an ACTIVE one's needs disabling.
        boolean signsIn = contact.status == AgencyContact.Status.ACTIVE && contact.keycloakUserId != null;
        contact.status = AgencyContact.Status.REMOVED;
        contact.updatedAt = now;
        entityManager.flush();
        removed.fire(new ContactRemoved(contact.id, contact.agencyId, actor, now));
        if (signsIn) {
            disableUser(contact.keycloakUserId);
        }
    }

    private void disableUser(String userId) {
        try {
            users.setEnabled(userId, false);
        } catch (KeycloakRefusedException e) {
            if (!e.isNotFound()) {
                throw new ApiException(ProblemType.CONFLICT, "Keycloak refused to disable the contact's account; nothing was changed.");
            }
            // Already gone from Keycloak: it cannot sign in, which is what removal needs.
            return;
        }
        onRollback.register("contact user state " + userId, () -> users.restoreEnabled(userId, true));
    }
}
