package org.agencyverify.officer;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.agency.AgencyDirectory;
import org.agencyverify.agency.AgencyStatus;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Actor;
import org.agencyverify.common.security.Caller;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;

/**
 * Reads an agency's officers and moves them through {@link OfficerLifecycle}. Only the agency's own
 * admins and operators get past {@link AgencyAccess}: nobody else learns whether an officer exists.
 */
@ApplicationScoped
public class OfficerService {

    private final AgencyAccess access;
    private final AgencyDirectory agencies;
    private final OfficerKeycloak keycloak;
    private final AuditLog audit;
    private final Invitations invitations;
    private final Event<OfficerWithdrawn> withdrawn;

    OfficerService(AgencyAccess access, AgencyDirectory agencies, OfficerKeycloak keycloak, AuditLog audit,
            Invitations invitations, Event<OfficerWithdrawn> withdrawn) {
        this.access = access;
        this.agencies = agencies;
        this.keycloak = keycloak;
        this.audit = audit;
        this.invitations = invitations;
        this.withdrawn = withdrawn;
    }

    @Transactional
    public OfficerPage list(Caller caller, UUID agencyId, OfficerStatus status, String email, int page, int size) {
        access.requireAdministrable(caller, agencyId);
        StringBuilder query = new StringBuilder("agencyId = :agency");
        Parameters parameters = Parameters.with("agency", agencyId);
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (email != null && !email.isBlank()) {
            query.append(" and email = :email");
            parameters.and("email", OfficerDirectory.normalize(email));
        }
        var found = Officer.<Officer>find(query.toString(), Sort.descending("createdAt").and("id"), parameters);
        var items = found.page(Page.of(page, size)).list().stream().map(OfficerView::of).toList();
        return new OfficerPage(items, page, size, found.count());
    }

    @Transactional
    public Optional<OfficerView> find(Caller caller, UUID agencyId, UUID officerId) {
        access.requireAdministrable(caller, agencyId);
        return officer(agencyId, officerId).map(OfficerView::of);
    }

    /** Applies the action, keeps the Keycloak user's enabled flag in step, and audits it. */
    @Transactional
    public Optional<OfficerView> apply(Caller caller, UUID agencyId, UUID officerId, OfficerAction action) {
        access.requireAdministrable(caller, agencyId);
        return act(caller.actor(), agencyId, officerId, action, null);
    }

    /**
     * {@link #apply} for a party that already proved it speaks for this agency (its SCIM client): the
     * same lifecycle, Keycloak and token cascade, audited as {@code actor} with {@code reason} (may be null).
     * Empty for another agency's officer.
     */
    @Transactional
    public Optional<OfficerView> applyProvisioned(Actor actor, UUID agencyId, UUID officerId, OfficerAction action,
            String reason) {
        return act(actor, agencyId, officerId, action, reason);
    }

    private Optional<OfficerView> act(Actor actor, UUID agencyId, UUID officerId, OfficerAction action, String reason) {
        Optional<Officer> found = officer(agencyId, officerId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Officer officer = found.get();
        OfficerStatus before = officer.status;
        OfficerStatus after = OfficerLifecycle.next(before, action, officer.activatedAt != null)
                .orElseThrow(() -> new ApiException(ProblemType.CONFLICT,
                        "An officer in status " + before + " cannot be " + past(action) + "."));
        if ((action == OfficerAction.ACTIVATE || action == OfficerAction.REINSTATE) && agencySuspended(agencyId)) {
            // As enrollment: while an operator holds the agency, nobody is added back to those who may act for it,
            // so a stolen admin account cannot line up officers for the day the agency is reinstated.
            throw new ApiException(ProblemType.CONFLICT,
                    "The agency is suspended: it cannot activate or reinstate officers until an operator reinstates it.");
        }
        if (action == OfficerAction.ACTIVATE && !keycloak.signInReady(officer.keycloakUserId)) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The officer has not finished setting up a password and a second factor (or federated sign-in) yet.");
        }
        return Optional.of(OfficerView.of(transition(actor, officer, after, action, reason)));
    }

    private boolean agencySuspended(UUID agencyId) {
        return agencies.find(agencyId).map(agency -> agency.status() == AgencyStatus.SUSPENDED).orElse(true);
    }

    /**
     * Suspends or removes an officer because a rule decided so (risk policy, credential failures, a
     * compromise report), with the same cascade as an admin's action: Keycloak user disabled, live
     * tokens revoked, audited with the reason. Empty when the officer is unknown or the move is not allowed.
     */
    @Transactional
    public Optional<OfficerStatus> stop(Actor actor, UUID officerId, OfficerAction action, String reason) {
        if (action != OfficerAction.SUSPEND && action != OfficerAction.REMOVE) {
            throw new IllegalArgumentException("only SUSPEND or REMOVE stop an officer");
        }
        return Officer.<Officer>findByIdOptional(officerId, LockModeType.PESSIMISTIC_WRITE).flatMap(officer ->
                OfficerLifecycle.next(officer.status, action, officer.activatedAt != null)
                        .map(after -> transition(actor, officer, after, action, reason).status));
    }

    private Officer transition(Actor actor, Officer officer, OfficerStatus after, OfficerAction action, String reason) {
        OfficerStatus before = officer.status;
        Map<String, Object> snapshotBefore = OfficerAudit.snapshot(officer);
        officer.status = after;
        officer.updatedAt = Instant.now();
        officer.statusReason = after == OfficerStatus.SUSPENDED || after == OfficerStatus.REVOKED ? reason : null;
        if (after == OfficerStatus.ACTIVE && officer.activatedAt == null) {
            officer.activatedAt = officer.updatedAt;
        }
        if (after == OfficerStatus.ACTIVE) {
            // A fresh start after the agency reinstated the officer.
            officer.consecutiveCredentialFailures = 0;
        }
        if (OfficerLifecycle.maySignIn(before) != OfficerLifecycle.maySignIn(after)) {
            keycloak.setEnabled(officer.keycloakUserId, OfficerLifecycle.maySignIn(after));
        }
        Officer.flush();
        if (after == OfficerStatus.SUSPENDED || after == OfficerStatus.REVOKED) {
            // Observed in this transaction: if the revocations cannot be stored (Redis down), the suspension is refused too.
            String cause = reason != null ? reason : after == OfficerStatus.SUSPENDED ? "officer-suspended" : "officer-removed";
            withdrawn.fire(new OfficerWithdrawn(actor, officer.id, officer.agencyId, cause));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", snapshotBefore);
        details.put("after", OfficerAudit.snapshot(officer));
        if (reason != null) {
            details.put("reason", reason);
        }
        audit.record(actor, "officer." + past(action), "officer", officer.id.toString(), details);
        return officer;
    }

    /** Sends an INVITED officer the invitation again with what they still have to set up (409 when nothing). */
    @Transactional
    public Optional<Invitations.Queued> resendInvitation(Caller caller, UUID agencyId, UUID officerId) {
        access.requireAdministrable(caller, agencyId);
        return officer(agencyId, officerId).map(officer -> {
            if (officer.status != OfficerStatus.INVITED) {
                throw new ApiException(ProblemType.CONFLICT, "An officer in status " + officer.status + " cannot be invited.");
            }
            return invitations.resend(caller.actor(), officer.keycloakUserId, InvitationKind.OFFICER, officer.id);
        });
    }

    private static Optional<Officer> officer(UUID agencyId, UUID officerId) {
        return Officer.<Officer>findByIdOptional(officerId).filter(o -> o.agencyId.equals(agencyId));
    }

    private static String past(OfficerAction action) {
        return switch (action) {
            case ACTIVATE -> "activated";
            case SUSPEND -> "suspended";
            case REINSTATE -> "reinstated";
            case REMOVE -> "removed";
        };
    }
}
