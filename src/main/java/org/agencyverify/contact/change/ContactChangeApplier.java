package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.security.Actor;

/**
 * How a pending change ends: applied (by the worker once the cool-down passed AND every notification
 * was delivered, or at once on a second operator's approval), or cancelled. A change with a
 * notification still pending or FAILED waits (an operator looks at FAILED ones). What applying does is
 * the {@link ChangeKind}'s.
 */
@ApplicationScoped
public class ContactChangeApplier {

    private static final String SUBJECT = "contact_change";

    private final EntityManager entityManager;
    private final ChangeKinds kinds;
    private final AuditLog audit;

    ContactChangeApplier(EntityManager entityManager, ChangeKinds kinds, AuditLog audit) {
        this.entityManager = entityManager;
        this.kinds = kinds;
        this.audit = audit;
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

    /** The worker's step: applies the change if it is still due. */
    @Transactional
    public void apply(UUID changeId) {
        ContactChange change = entityManager.find(ContactChange.class, changeId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (change == null || change.status != ContactChange.Status.PENDING || change.effectiveAt.isAfter(now)
                || ContactNotification.count("changeId = ?1 and status <> ?2", changeId, ContactNotification.Status.DELIVERED) > 0) {
            return;
        }
        applyNow(change, Actor.SYSTEM, now);
    }

    /**
     * Applies a PENDING change in the caller's transaction, the change row locked: APPLIED, or CANCELLED
     * when its kind finds nothing left to apply. Either way a sealed secret it carried is dropped.
     */
    void applyNow(ContactChange change, Actor actor, Instant now) {
        Optional<Map<String, Object>> applied = kinds.of(change).apply(PendingChange.of(change), actor, now);
        change.appliedAt = now;
        change.sealedSecret = null;
        if (applied.isEmpty()) {
            change.status = ContactChange.Status.CANCELLED;
            audit.record(actor, "contact.change-cancelled", SUBJECT, change.id.toString(), details(change, "nothing-left-to-apply"));
            return;
        }
        change.status = ContactChange.Status.APPLIED;
        Map<String, Object> details = new LinkedHashMap<>(applied.get());
        details.put("agencyId", change.agencyId.toString());
        audit.record(actor, "contact.change-applied", SUBJECT, change.id.toString(), details);
    }

    /** Cancels a PENDING change in the caller's transaction, the change row locked, and undoes what proposing left. */
    void cancel(ContactChange change, Actor actor, Instant now, String reason) {
        kinds.of(change).cancelled(PendingChange.of(change), actor, now);
        change.status = ContactChange.Status.CANCELLED;
        change.sealedSecret = null;
        audit.record(actor, "contact.change-cancelled", SUBJECT, change.id.toString(), details(change, reason));
    }

    /**
     * The worker's change was refused when it applied (the service said no: an identity provider's
     * issuer no longer answers, say): it would be refused on every run, so it is cancelled, with why.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(UUID changeId, String reason) {
        ContactChange change = entityManager.find(ContactChange.class, changeId, LockModeType.PESSIMISTIC_WRITE);
        if (change != null && change.status == ContactChange.Status.PENDING) {
            cancel(change, Actor.SYSTEM, Instant.now().truncatedTo(ChronoUnit.MICROS), reason);
        }
    }

    private static Map<String, Object> details(ContactChange change, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", change.action.name());
        details.put("agencyId", change.agencyId.toString());
        details.put("contactId", change.contactId == null ? null : change.contactId.toString());
        details.put("alias", change.idpAlias);
        details.put("reason", reason);
        return details;
    }
}
