package org.agencyverify.invitation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.outbox.Outbox;
import org.agencyverify.common.security.Actor;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;

/**
 * Writes invitation rows inside the caller's transaction (so a person is invited exactly when they
 * are created), and queues them again on request. The outbox sends them ({@link InvitationHandler}).
 */
@ApplicationScoped
public class Invitations {

    /** What the service answers for a queued invitation (never the link: only Keycloak and the mailbox see it). */
    public record Queued(UUID invitationId, InvitationKind kind, UUID subjectId, Invitation.Status status) {}

    private final KeycloakAdmin keycloak;
    private final AuditLog audit;
    private final Outbox outbox;

    Invitations(KeycloakAdmin keycloak, AuditLog audit, Outbox outbox) {
        this.keycloak = keycloak;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** Queues an invitation to perform {@code actions}; nothing is queued when there are none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void invite(String keycloakUserId, InvitationKind kind, UUID subjectId, List<String> actions) {
        if (actions == null || actions.isEmpty()) {
            return;
        }
        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.keycloakUserId = keycloakUserId;
        invitation.kind = kind;
        invitation.subjectId = subjectId;
        invitation.requiredActions = String.join(",", actions);
        invitation.status = Invitation.Status.PENDING;
        invitation.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        invitation.persist();
        outbox.enqueue(InvitationHandler.KIND, invitation.id);
    }

    /**
     * Sends the invitation again with what the person still has to set up, as Keycloak sees it now:
     * 409 when nothing is left (or the Keycloak user is gone). A pending invitation is made due at once
     * instead of being doubled. The caller checked who may ask and that the person may be invited.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Queued resend(Actor actor, String keycloakUserId, InvitationKind kind, UUID subjectId) {
        List<String> actions = requiredActions(keycloakUserId);
        if (actions.isEmpty()) {
            throw new ApiException(ProblemType.CONFLICT, "This person has nothing left to set up: there is nothing to invite them to.");
        }
        Invitation invitation = Invitation.<Invitation>find("subjectId = ?1 and status = ?2 order by createdAt desc",
                subjectId, Invitation.Status.PENDING).firstResult();
        if (invitation == null) {
            invite(keycloakUserId, kind, subjectId, actions);
            invitation = Invitation.<Invitation>find("subjectId = ?1 and status = ?2 order by createdAt desc",
                    subjectId, Invitation.Status.PENDING).firstResult();
        } else {
            invitation.requiredActions = String.join(",", actions);
            outbox.dueNow(InvitationHandler.KIND, invitation.id);
        }
        audit.record(actor, "invitation.resend-requested", "invitation", invitation.id.toString(),
                Map.of("kind", kind.name(), "subjectId", subjectId.toString(), "keycloakUserId", keycloakUserId,
                        "requiredActions", actions));
        return new Queued(invitation.id, kind, subjectId, invitation.status);
    }

    private List<String> requiredActions(String keycloakUserId) {
        try {
            List<String> actions = keycloak.call("read required actions",
                    realm -> realm.users().get(keycloakUserId).toRepresentation().getRequiredActions());
            return actions == null ? List.of() : actions;
        } catch (KeycloakRefusedException e) {
            if (e.isNotFound()) {
                throw new ApiException(ProblemType.CONFLICT, "This person's Keycloak user no longer exists: they cannot be invited.");
            }
            throw e;
        }
    }
}
