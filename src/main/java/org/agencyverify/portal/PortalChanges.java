package org.agencyverify.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.identity.KeycloakRefusedException;
import org.agencyverify.portal.PortalViews.PortalCredentials;
import org.agencyverify.portal.PortalViews.PortalView;

/**
 * Changes to a registered portal: suspended, reinstated, given a new client secret. The database is
 * written and flushed first and the Keycloak step comes last, undone when the transaction does not
 * commit, so neither side is left half-done.
 */
@ApplicationScoped
public class PortalChanges {

    private final PortalClients clients;
    private final AuditLog audit;
    private final OnRollback onRollback;
    private final EntityManager entityManager;

    PortalChanges(PortalClients clients, AuditLog audit, OnRollback onRollback, EntityManager entityManager) {
        this.clients = clients;
        this.audit = audit;
        this.onRollback = onRollback;
        this.entityManager = entityManager;
    }

    @Transactional
    public Optional<PortalView> suspend(Caller caller, UUID id) {
        return changeStatus(caller, id, Portal.Status.SUSPENDED);
    }

    @Transactional
    public Optional<PortalView> reinstate(Caller caller, UUID id) {
        return changeStatus(caller, id, Portal.Status.ACTIVE);
    }

    @Transactional
    public Optional<PortalCredentials> rotateSecret(Caller caller, UUID id) {
        return Portal.<Portal>findByIdOptional(id).map(portal -> {
            portal.updatedAt = now();
            audit.record(caller.actor(), "portal.secret-rotated", Portal.AUDIT_SUBJECT, portal.id.toString(),
                    Map.of("clientId", portal.keycloakClientId));
            entityManager.flush();
            // Last step: once Keycloak has the new secret, only the commit remains.
            String secret = keycloakStep(() -> clients.regenerateSecret(portal.keycloakClientUuid));
            return new PortalCredentials(PortalView.of(portal), portal.keycloakClientId, secret, clients.tokenEndpoint());
        });
    }

    private Optional<PortalView> changeStatus(Caller caller, UUID id, Portal.Status target) {
        return Portal.<Portal>findByIdOptional(id).map(portal -> {
            if (portal.status == target) {
                throw new ApiException(ProblemType.CONFLICT, "The portal is already " + target + ".");
            }
            Map<String, Object> before = portal.snapshot();
            portal.status = target;
            portal.updatedAt = now();
            audit.record(caller.actor(), target == Portal.Status.ACTIVE ? "portal.reinstated" : "portal.suspended",
                    Portal.AUDIT_SUBJECT, portal.id.toString(), Map.of("before", before, "after", portal.snapshot()));
            entityManager.flush();
            boolean enabled = target == Portal.Status.ACTIVE;
            keycloakStep(() -> {
                clients.setEnabled(portal.keycloakClientUuid, enabled);
                return null;
            });
            onRollback.register("portal client state " + portal.keycloakClientId,
                    () -> clients.restoreEnabled(portal.keycloakClientUuid, !enabled));
            return PortalView.of(portal);
        });
    }

    /** A Keycloak step on an existing portal: a client deleted behind our back is a conflict to fix, not a 500. */
    private static <T> T keycloakStep(Supplier<T> step) {
        try {
            return step.get();
        } catch (KeycloakRefusedException e) {
            throw new ApiException(ProblemType.CONFLICT, e.isNotFound()
                    ? "The portal's Keycloak client is missing; nothing was changed. An operator must repair it."
                    : "Keycloak refused the change; nothing was changed.");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
