package org.agencyverify.officer;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.agency.AgencyAccess;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.invitation.InvitationKind;
import org.agencyverify.invitation.Invitations;
import org.agencyverify.token.TokenRevocation;

/**
 * Reads an agency's officers and moves them through {@link OfficerLifecycle}. Only the agency's own
 * admins and operators get past {@link AgencyAccess}: nobody else learns whether an officer exists.
 */
@ApplicationScoped
public class OfficerService {

    private final AgencyAccess access;
    private final OfficerKeycloak keycloak;
    private final AuditLog audit;
    private final Invitations invitations;

    private final TokenRevocation tokens;

    OfficerService(AgencyAccess access, OfficerKeycloak keycloak, AuditLog audit, Invitations invitations, TokenRevocation tokens) {
        this.tokens = tokens;
        this.access = access;
        this.keycloak = keycloak;
        this.audit = audit;
        this.invitations = invitations;
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
        Optional<Officer> found = officer(agencyId, officerId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Officer officer = found.get();
        OfficerStatus before = officer.status;
        OfficerStatus after = OfficerLifecycle.next(before, action, officer.activatedAt != null)
                .orElseThrow(() -> new ApiException(ProblemType.CONFLICT,
                        "An officer in status " + before + " cannot be " + past(action) + "."));
        if (action == OfficerAction.ACTIVATE && !keycloak.signInReady(officer.keycloakUserId)) {
            throw new ApiException(ProblemType.CONFLICT,
                    "The officer has not finished setting up a password and a second factor (or federated sign-in) yet.");
        }
        Map<String, Object> snapshotBefore = OfficerAudit.snapshot(officer);
        officer.status = after;
        officer.updatedAt = Instant.now();
        if (after == OfficerStatus.ACTIVE && officer.activatedAt == null) {
            officer.activatedAt = officer.updatedAt;
        }
        if (OfficerLifecycle.maySignIn(before) != OfficerLifecycle.maySignIn(after)) {
            keycloak.setEnabled(officer.keycloakUserId, OfficerLifecycle.maySignIn(after));
        }
        Officer.flush();
        if (after == OfficerStatus.SUSPENDED || after == OfficerStatus.REVOKED) {
            // Same transaction: if the revocations cannot be stored (Redis down), the suspension is refused too.
            tokens.revokeOfficerTokens(caller.actor(), officer, after == OfficerStatus.SUSPENDED ? "officer-suspended" : "officer-removed");
        }
        audit.record(caller.actor(), "officer." + past(action), "officer", officer.id.toString(),
                Map.of("before", snapshotBefore, "after", OfficerAudit.snapshot(officer)));
        return Optional.of(OfficerView.of(officer));
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
