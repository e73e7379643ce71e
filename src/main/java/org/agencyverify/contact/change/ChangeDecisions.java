package org.agencyverify.contact.change;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.change.ContactChangeViews.ChangeList;
import org.agencyverify.contact.change.ContactChangeViews.ChangeView;

/**
 * An agency's pending changes of every kind: read by operators and the agency's admins; approved by a
 * second operator (one who did not propose it), which applies an operator's change at once; cancelled
 * by an operator, which keeps things as they are.
 */
@ApplicationScoped
public class ChangeDecisions {

    private final AgencyAccess access;
    private final ContactChangeApplier applier;
    private final AuditLog audit;
    private final EntityManager entityManager;

    ChangeDecisions(AgencyAccess access, ContactChangeApplier applier, AuditLog audit, EntityManager entityManager) {
        this.access = access;
        this.applier = applier;
        this.audit = audit;
        this.entityManager = entityManager;
    }

    @Transactional
    public ChangeList list(Caller caller, UUID agencyId) {
        access.requireAdministrable(caller, agencyId);
        return new ChangeList(ContactChange.<ContactChange>find("agencyId = ?1 order by createdAt, id", agencyId).stream()
                .map(ChangeView::of).toList());
    }

    @Transactional
    public Optional<ChangeView> find(Caller caller, UUID agencyId, UUID changeId) {
        access.requireAdministrable(caller, agencyId);
        return ContactChange.<ContactChange>findByIdOptional(changeId).filter(c -> c.agencyId.equals(agencyId)).map(ChangeView::of);
    }

    /**
     * A second operator approves an operator's PENDING change: it applies now, notices or not (those
     * still go out, and say it was approved). The proposer cannot approve their own change; an agency
     * admin's proposal is not approved this way: it waits for its cool-down, so its contacts can object.
     */
    @Transactional
    public Optional<ChangeView> approve(Caller caller, UUID agencyId, UUID changeId) {
        requireOperator(caller);
        return locked(caller, agencyId, changeId).map(change -> {
            if (!change.proposedByOperator()) {
                throw new ApiException(ProblemType.CONFLICT, "An agency admin's proposal is not approved by an operator: it applies"
                        + " after its cool-down, once every contact of the agency was told, so that they can object.");
            }
            if (change.proposedBy.equals(caller.actor().toString())) {
                throw new ApiException(ProblemType.FORBIDDEN,
                        "You proposed this change: a second operator, not its proposer, approves it (or it applies after its cool-down).");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            change.approvedBy = caller.actor().toString();
            change.approvedAt = now;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("action", change.action.name());
            details.put("agencyId", change.agencyId.toString());
            details.put("proposedBy", change.proposedBy);
            audit.record(caller.actor(), "contact.change-approved", "contact_change", change.id.toString(), details);
            applier.applyNow(change, caller.actor(), now);
            return ChangeView.of(change);
        });
    }

    /** An operator stops a PENDING change: nothing of it takes effect (a proposed contact is removed with it). */
    @Transactional
    public Optional<ChangeView> cancel(Caller caller, UUID agencyId, UUID changeId) {
        requireOperator(caller);
        return locked(caller, agencyId, changeId).map(change -> {
            applier.cancel(change, caller.actor(), Instant.now().truncatedTo(ChronoUnit.MICROS), "cancelled-by-operator");
            return ChangeView.of(change);
        });
    }

    /** The agency's PENDING change, locked; empty when the agency has no such change, 409 when it is no longer pending. */
    private Optional<ContactChange> locked(Caller caller, UUID agencyId, UUID changeId) {
        access.requireAdministrable(caller, agencyId);
        ContactChange change = entityManager.find(ContactChange.class, changeId, LockModeType.PESSIMISTIC_WRITE);
        if (change == null || !change.agencyId.equals(agencyId)) {
            return Optional.empty();
        }
        if (change.status != ContactChange.Status.PENDING) {
            throw new ApiException(ProblemType.CONFLICT, "This change is no longer pending: it was " + change.status.name().toLowerCase() + ".");
        }
        return Optional.of(change);
    }

    private static void requireOperator(Caller caller) {
        if (!caller.has(Roles.OPERATOR)) {
            throw new ForbiddenException();
        }
    }
}
