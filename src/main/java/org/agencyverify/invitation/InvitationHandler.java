package org.agencyverify.invitation;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.NoticeHandler;
import org.agencyverify.common.security.Actor;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;

/**
 * Sends invitations from the outbox (subject: an {@link Invitation} id) through Keycloak's
 * execute-actions email, and keeps the invitation's status, attempts and last error kind, which the
 * API reads. A failure (Keycloak down, its SMTP server down, a refusal) is retried per
 * {@code agency-verify.invitations.retry-backoff} / {@code max-attempts}; after the last attempt the
 * invitation is FAILED and audited. The link is never seen here.
 */
@ApplicationScoped
public class InvitationHandler extends NoticeHandler<Invitation> {

    public static final String KIND = "invitation";

    private final KeycloakAdmin keycloak;
    private final AuditLog audit;
    private final InvitationsConfig config;

    InvitationHandler(KeycloakAdmin keycloak, AuditLog audit, InvitationsConfig config) {
        this.keycloak = keycloak;
        this.audit = audit;
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.of(RetryPolicy.upToAnHour(config.maxAttempts(), config.retryBackoff()));
    }

    @Override
    protected Invitation find(UUID invitationId, LockModeType lock) {
        return Invitation.findById(invitationId, lock);
    }

    @Override
    protected void send(Invitation invitation) throws DeliveryFailed {
        try {
            int lifespan = (int) Math.min(Integer.MAX_VALUE, config.linkLifespan().toSeconds());
            keycloak.run("send invitation", realm -> realm.users().get(invitation.keycloakUserId)
                    .executeActionsEmail(config.clientId(), config.redirectUri().orElse(null), lifespan, invitation.actions()));
        } catch (DependencyUnavailableException e) {
            throw new DeliveryFailed("KEYCLOAK_UNAVAILABLE"); // Keycloak unreachable, or it could not send (its SMTP server)
        } catch (KeycloakRefusedException e) {
            throw new DeliveryFailed("KEYCLOAK_REFUSED_" + e.status());
        }
    }

    @Override
    protected void recordDelivered(Invitation invitation) {
        audit.record(Actor.SYSTEM, "invitation.sent", "invitation", invitation.id.toString(), details(invitation));
    }

    @Override
    protected void recordFailed(Invitation invitation, String reason) {
        Log.warnf("Invitation %s failed for good after %d attempts (%s)", invitation.id, invitation.attempts, reason);
        audit.record(Actor.SYSTEM, "invitation.failed", "invitation", invitation.id.toString(), details(invitation));
    }

    private static Map<String, Object> details(Invitation invitation) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", invitation.kind.name());
        details.put("subjectId", invitation.subjectId.toString());
        details.put("keycloakUserId", invitation.keycloakUserId);
        details.put("requiredActions", invitation.actions());
        details.put("attempts", invitation.attempts);
        details.put("lastErrorKind", invitation.lastErrorKind);
        return details;
    }
}
