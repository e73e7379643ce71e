package org.agencyverify.confirmation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.contact.ContactRemoved;
import org.agencyverify.verification.ConfirmationsRequested;
import org.agencyverify.verification.ContactSelection;
import org.agencyverify.verification.VerificationClosing;
import org.agencyverify.verification.VerificationDirectory;
import org.agencyverify.verification.VerificationLifecycle;
import org.agencyverify.verification.VerificationState;
import org.agencyverify.verification.VerificationSummary;

/**
 * The confirmation requests of a verification, opened and closed with it: each observer runs in the
 * transaction of the move that fired it, so a request exists exactly while its verification waits.
 */
@ApplicationScoped
class OpenConfirmations {

    private static final List<Confirmation.Status> OPEN = List.of(Confirmation.Status.PENDING, Confirmation.Status.SENT);

    private final ConfirmationSecrets secrets;
    private final Outbox outbox;
    private final AuditLog audit;
    private final VerificationLifecycle lifecycle;
    private final VerificationDirectory verifications;

    OpenConfirmations(ConfirmationSecrets secrets, Outbox outbox, AuditLog audit, VerificationLifecycle lifecycle,
            VerificationDirectory verifications) {
        this.secrets = secrets;
        this.outbox = outbox;
        this.audit = audit;
        this.lifecycle = lifecycle;
        this.verifications = verifications;
    }

    /** A verification opened: one request per chosen contact, queued for delivery. */
    void open(@Observes(during = TransactionPhase.IN_PROGRESS) ConfirmationsRequested requested) {
        for (ContactSelection.Candidate contact : requested.contacts()) {
            Confirmation c = new Confirmation();
            c.id = UUID.randomUUID();
            c.verificationId = requested.verificationId();
            c.contactId = contact.id();
            c.channel = contact.channel();
            c.level = contact.level();
            c.status = Confirmation.Status.PENDING;
            c.createdAt = requested.at();
            if ("WEBHOOK".equals(c.channel)) {
                // Known before the request goes out: the agency's system may answer before its 2xx reaches us.
                c.secretHash = ConfirmationSecrets.hash(secrets.secret(c.id));
            }
            c.persist();
            outbox.enqueue(ConfirmationDelivery.KIND, c.id);
        }
    }

    /** A verification stopped waiting: nobody needs to answer its open requests any more. */
    void close(@Observes(during = TransactionPhase.IN_PROGRESS) VerificationClosing closing) {
        Confirmation.Status closed = closing.expired() ? Confirmation.Status.EXPIRED : Confirmation.Status.CANCELLED;
        closing.closed(Confirmation.update("status = ?1 where verificationId = ?2 and status in (?3, ?4)", closed,
                closing.verificationId(), Confirmation.Status.PENDING, Confirmation.Status.SENT));
    }

    /**
     * A contact left (removed, or replaced through an applied change), in the removal's transaction: its
     * open requests are cancelled, so whoever still holds its credential has nothing left to answer. A
     * verification keeps waiting on its other open requests while they can still bring the approvals its
     * policy needs; when they cannot, it closes as EXPIRED rather than wait for nobody.
     */
    void contactRemoved(@Observes(during = TransactionPhase.IN_PROGRESS) ContactRemoved removed) {
        List<UUID> waiting = Confirmation.getEntityManager().createQuery("SELECT DISTINCT c.verificationId FROM Confirmation c"
                + " WHERE c.contactId = :contact AND c.status IN :open ORDER BY c.verificationId", UUID.class)
                .setParameter("contact", removed.contactId()).setParameter("open", OPEN).getResultList();
        for (UUID id : waiting) {
            // Lock order everywhere: verification, then its confirmations.
            VerificationSummary v = verifications.lockForDecision(id);
            List<Confirmation> cancelled = Confirmation.<Confirmation>find("verificationId = ?1 and contactId = ?2 and status in ?3",
                    id, removed.contactId(), OPEN).withLock(LockModeType.PESSIMISTIC_WRITE).list();
            for (Confirmation c : cancelled) {
                c.status = Confirmation.Status.CANCELLED;
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("verificationId", id.toString());
                details.put("agencyId", removed.agencyId().toString());
                details.put("contactId", removed.contactId().toString());
                details.put("reason", "contact-removed");
                audit.record(removed.actor(), "confirmation.cancelled", "confirmation", c.id.toString(), details);
            }
            Confirmation.flush();
            if (v.state() != VerificationState.PENDING_CONFIRMATION) {
                continue;
            }
            long approvals = Confirmation.count("verificationId = ?1 and status = ?2 and decision = ?3", id,
                    Confirmation.Status.ANSWERED, Confirmation.Decision.APPROVE);
            long open = Confirmation.count("verificationId = ?1 and status in ?2", id, OPEN);
            if (approvals + open < Math.max(1, v.approvalsNeeded())) {
                lifecycle.close(removed.actor(), id, VerificationState.EXPIRED, removed.at(),
                        Map.of("reason", open == 0 ? "no-contact-left" : "too-few-contacts-left"));
            }
        }
    }
}
