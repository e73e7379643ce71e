package org.agencyverify.invitation;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.outbox.DeliveryFailed;
import org.agencyverify.common.outbox.OutboxHandler;
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
public class InvitationHandler implements OutboxHandler {

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
    public Result deliver(UUID invitationId, int attempt) throws DeliveryFailed {
        Invitation invitation = Invitation.findById(invitationId, LockModeType.PESSIMISTIC_WRITE);
        if (invitation == null || invitation.status != Invitation.Status.PENDING) {
            return Result.OBSOLETE;
        }
        invitation.attempts = attempt;
        String errorKind;
        try {
            int lifespan = (int) Math.min(Integer.MAX_VALUE, config.linkLifespan().toSeconds());
            keycloak.run("send invitation", realm -> realm.users().get(invitation.keycloakUserId)
                    .executeActionsEmail(config.clientId(), config.redirectUri().orElse(null), lifespan, invitation.actions()));
            invitation.status = Invitation.Status.SENT;
            invitation.sentAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            invitation.lastErrorKind = null;
            audit.record(Actor.SYSTEM, "invitation.sent", "invitation", invitation.id.toString(), details(invitation));
            return Result.DELIVERED;
        } catch (DependencyUnavailableException e) {
            errorKind = "KEYCLOAK_UNAVAILABLE"; // Keycloak unreachable, or it could not send (its SMTP server)
        } catch (KeycloakRefusedException e) {
            errorKind = "KEYCLOAK_REFUSED_" + e.status();
        }
        invitation.lastErrorKind = errorKind;
        throw new DeliveryFailed(errorKind);
    }

    @Override
    public void failedForGood(UUID invitationId, String reason) {
        Invitation invitation = Invitation.findById(invitationId);
        invitation.status = Invitation.Status.FAILED;
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
