package org.agencyverify.contact.change;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.contact.AgencyContact;

/**
 * Opens a pending change, whoever proposes it and whatever it changes: it waits out the cool-down, and
 * each contact ACTIVE at that moment is told through the outbox ({@link ContactNoticeHandler}). An
 * agency with no ACTIVE contact has nobody to tell: the cool-down still holds.
 */
@ApplicationScoped
public class ChangeProposals {

    private final AuditLog audit;
    private final ContactsConfig config;
    private final Outbox outbox;
    private final EntityManager entityManager;

    ChangeProposals(AuditLog audit, ContactsConfig config, Outbox outbox, EntityManager entityManager) {
        this.audit = audit;
        this.config = config;
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** A new PENDING change of the agency, not stored yet: the caller names what it changes, then {@link #open}s it. */
    public ContactChange draft(Caller caller, UUID agencyId, ContactChange.Action action, Instant now) {
        ContactChange change = new ContactChange();
        change.id = UUID.randomUUID();
        change.agencyId = agencyId;
        change.action = action;
        change.proposedBy = caller.actor().toString();
        change.status = ContactChange.Status.PENDING;
        change.effectiveAt = now.plus(config.coolDown());
        change.createdAt = now;
        return change;
    }

    /**
     * Proposes a change of a kind another feature provides (identity-provider links), with that kind's
     * {@code payload} and a secret the kind seals for the new change's id ({@code sealSecret}, null: none);
     * stored and announced as {@link #open} does.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ContactChangeViews.ChangeView propose(Caller caller, UUID agencyId, ContactChange.Action action, String idpAlias,
            String payload, Function<UUID, String> sealSecret, Map<String, Object> details) {
        ContactChange change = draft(caller, agencyId, action, Instant.now().truncatedTo(ChronoUnit.MICROS));
        change.idpAlias = idpAlias;
        change.payload = payload;
        change.sealedSecret = sealSecret == null ? null : sealSecret.apply(change.id);
        return open(caller, change, details);
    }

    /**
     * Stores the change with one notification per ACTIVE contact, audited as {@code contact.change-proposed}
     * with {@code details}, in the caller's transaction. A change of the same contact or identity provider
     * already pending is a 409. Answers the change as the API shows it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ContactChangeViews.ChangeView open(Caller caller, ContactChange change, Map<String, Object> details) {
        if (ContactChange.count("(contactId = ?1 or idpAlias = ?2) and status = ?3", change.contactId, change.idpAlias,
                ContactChange.Status.PENDING) > 0) {
            throw alreadyPending(change);
        }
        List<AgencyContact> toNotify = AgencyContact.list("agencyId = ?1 and status = ?2 order by createdAt, id", change.agencyId,
                AgencyContact.Status.ACTIVE);
        try {
            change.persist();
            entityManager.flush();
        } catch (PersistenceException e) {
            if (e instanceof org.hibernate.exception.ConstraintViolationException) {
                throw alreadyPending(change);
            }
            throw e;
        }
        for (AgencyContact recipient : toNotify) {
            ContactNotification notification = new ContactNotification();
            notification.id = UUID.randomUUID();
            notification.changeId = change.id;
            notification.contactId = recipient.id;
            notification.status = ContactNotification.Status.PENDING;
            notification.createdAt = change.createdAt;
            notification.persist();
            outbox.enqueue(ContactNoticeHandler.KIND, notification.id);
        }
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("action", change.action.name());
        audited.put("agencyId", change.agencyId.toString());
        audited.putAll(details);
        audited.put("effectiveAt", change.effectiveAt.toString());
        audited.put("notify", toNotify.stream().map(c -> c.id.toString()).toList());
        audit.record(caller.actor(), "contact.change-proposed", "contact_change", change.id.toString(), audited);
        return ContactChangeViews.ChangeView.of(change);
    }

    private static ApiException alreadyPending(ContactChange change) {
        return change.idpAlias == null
                ? new ApiException(ProblemType.CONFLICT, "A change of this contact is already pending.")
                : new ApiException(ProblemType.CONFLICT, "A change of this identity provider is already pending.",
                        List.of(new Problem.FieldError("alias", "a change is already pending")));
    }
}
