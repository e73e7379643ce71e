package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.contact.AgencyContact;
import org.agencyverify.contact.ContactEnrollment;
import org.agencyverify.contact.ContactUsers;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/**
 * Applies PENDING changes whose cool-down passed AND whose every notification was delivered. A
 * change with a notification still pending or FAILED waits (an operator looks at FAILED ones).
 */
@ApplicationScoped
public class ContactChangeApplier {

    private final EntityManager entityManager;
    private final ContactUsers users;
    private final AuditLog audit;
    private final OnRollback onRollback;
    private final Invitations invitations;

    ContactChangeApplier(EntityManager entityManager, ContactUsers users, AuditLog audit, OnRollback onRollback,
            Invitations invitations) {
        this.invitations = invitations;
        this.entityManager = entityManager;
        this.users = users;
        this.audit = audit;
        this.onRollback = onRollback;
    }

    @Transactional
    public List<UUID> due() {
        return entityManager.createQuery("SELECT c.id FROM ContactChange c WHERE c.status = :pending AND c.effectiveAt <= :now"
                + " AND NOT EXISTS (SELECT n FROM ContactNotification n WHERE n.changeId = c.id AND n.status <> :delivered)"
                + " ORDER BY c.effectiveAt", UUID.class)
                .setParameter("pending", ContactChange.Status.PENDING)
                .setParameter("now", Instant.now())
                .setParameter("delivered", ContactNotification.Status.DELIVERED)
                .setMaxResults(50)
                .getResultList();
    }

    @Transactional
    public void apply(UUID changeId) {
        ContactChange change = entityManager.find(ContactChange.class, changeId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (change == null || change.status != ContactChange.Status.PENDING || change.effectiveAt.isAfter(now)
                || ContactNotification.count("changeId = ?1 and status <> ?2", changeId, ContactNotification.Status.DELIVERED) > 0) {
            return;
        }
        AgencyContact contact = entityManager.find(AgencyContact.class, change.contactId, LockModeType.PESSIMISTIC_WRITE);
        AgencyContact.Status from = change.action == ContactChange.Action.ADD ? AgencyContact.Status.PENDING : AgencyContact.Status.ACTIVE;
        AgencyContact.Status to = change.action == ContactChange.Action.ADD ? AgencyContact.Status.ACTIVE : AgencyContact.Status.REMOVED;
        Map<String, Object> before = ContactEnrollment.snapshot(contact);
        change.appliedAt = now;
        if (contact.status != from) {
            // Removed by an operator in the meantime: nothing left to apply.
            change.status = ContactChange.Status.CANCELLED;
            audit.record(Actor.SYSTEM, "contact.change-cancelled", "contact_change", change.id.toString(),
                    Map.of("contactId", contact.id.toString(), "contactStatus", contact.status.name()));
            return;
        }
        contact.status = to;
        contact.updatedAt = now;
        change.status = ContactChange.Status.APPLIED;
        audit.record(Actor.SYSTEM, "contact.change-applied", "contact_change", change.id.toString(),
                Map.of("action", change.action.name(), "contactId", contact.id.toString(),
                        "before", before, "after", ContactEnrollment.snapshot(contact)));
        entityManager.flush();
        if (contact.keycloakUserId != null) {
            boolean enable = to == AgencyContact.Status.ACTIVE;
            String userId = contact.keycloakUserId;
            users.setEnabled(userId, enable);
            onRollback.register("contact user state " + userId, () -> users.restoreEnabled(userId, !enable));
            if (enable) {
                // Now that the contact's user may sign in, tell them how to set it up.
                invitations.invite(userId, InvitationKind.CONTACT, contact.id, ContactUsers.REQUIRED_ACTIONS);
            }
        }
    }
}
