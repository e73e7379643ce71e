package org.agencyverify.invitation;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.security.Actor;
import org.agencyverify.identity.KeycloakAdmin;
import org.agencyverify.identity.KeycloakRefusedException;

/**
 * Sends invitations through Keycloak's execute-actions email. Each is sent in its own transaction
 * while its row is locked ({@code FOR UPDATE SKIP LOCKED}), so replicas never send the same one;
 * a failure (Keycloak down, its SMTP server down, a refusal) is retried with exponential backoff,
 * and after the last attempt the invitation is FAILED and audited. The link is never seen here.
 */
@ApplicationScoped
public class InvitationOutbox {

    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final EntityManager entityManager;
    private final KeycloakAdmin keycloak;
    private final AuditLog audit;
    private final InvitationsConfig config;

    InvitationOutbox(EntityManager entityManager, KeycloakAdmin keycloak, AuditLog audit, InvitationsConfig config) {
        this.entityManager = entityManager;
        this.keycloak = keycloak;
        this.audit = audit;
        this.config = config;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> due(int limit) {
        return entityManager.createNativeQuery("SELECT id FROM invitation WHERE status = 'PENDING'"
                + " AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ?1", UUID.class)
                .setParameter(1, limit).getResultList();
    }

    @Transactional
    public void send(UUID invitationId) {
        List<?> locked = entityManager.createNativeQuery("SELECT id FROM invitation WHERE id = ?1"
                + " AND status = 'PENDING' AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED")
                .setParameter(1, invitationId).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        Invitation invitation = Invitation.findById(invitationId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        invitation.attempts++;
        String errorKind;
        try {
            int lifespan = (int) Math.min(Integer.MAX_VALUE, config.linkLifespan().toSeconds());
            keycloak.run("send invitation", realm -> realm.users().get(invitation.keycloakUserId)
                    .executeActionsEmail(config.clientId(), config.redirectUri().orElse(null), lifespan, invitation.actions()));
            invitation.status = Invitation.Status.SENT;
            invitation.sentAt = now;
            invitation.lastErrorKind = null;
            audit.record(Actor.SYSTEM, "invitation.sent", "invitation", invitation.id.toString(), details(invitation));
            return;
        } catch (DependencyUnavailableException e) {
            errorKind = "KEYCLOAK_UNAVAILABLE"; // Keycloak unreachable, or it could not send (its SMTP server)
        } catch (KeycloakRefusedException e) {
            errorKind = "KEYCLOAK_REFUSED_" + e.status();
        }
        invitation.lastErrorKind = errorKind;
        if (invitation.attempts >= config.maxAttempts()) {
            invitation.status = Invitation.Status.FAILED;
            Log.warnf("Invitation %s failed for good after %d attempts (%s)", invitation.id, invitation.attempts, errorKind);
            audit.record(Actor.SYSTEM, "invitation.failed", "invitation", invitation.id.toString(), details(invitation));
        } else {
            invitation.nextAttemptAt = now.plus(backoff(invitation.attempts));
            Log.infof("Invitation %s attempt %d failed (%s); next at %s", invitation.id, invitation.attempts, errorKind,
                    invitation.nextAttemptAt);
        }
    }

    /** Exponential: base, 2 x base, 4 x base... at most an hour. */
    Duration backoff(int attempts) {
        Duration delay = config.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
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
