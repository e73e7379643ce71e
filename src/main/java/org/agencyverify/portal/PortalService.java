package org.agencyverify.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.crypto.RandomSecrets;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.net.OutboundUrls;
import org.agencyverify.common.security.Caller;
import org.agencyverify.common.tx.OnRollback;
import org.agencyverify.identity.KeycloakRefusedException;
import org.agencyverify.portal.PortalViews.CreatePortal;
import org.agencyverify.portal.PortalViews.PortalCredentials;
import org.agencyverify.portal.PortalViews.PortalPage;
import org.agencyverify.portal.PortalViews.PortalView;

/**
 * Registers portals and keeps their Keycloak clients in step. Keycloak work happens inside the
 * database transaction and is undone when that transaction does not commit, so neither side is
 * left half-done.
 */
@ApplicationScoped
public class PortalService {

    private static final String SUBJECT = "portal";

    private final PortalClients clients;
    private final AuditLog audit;
    private final OutboundUrls urls;
    private final OnRollback onRollback;
    private final EntityManager entityManager;
    private final String tokenEndpoint;

    PortalService(PortalClients clients, AuditLog audit, OutboundUrls urls, OnRollback onRollback,
            EntityManager entityManager, AgencyVerifyConfig config) {
        this.clients = clients;
        this.audit = audit;
        this.urls = urls;
        this.onRollback = onRollback;
        this.entityManager = entityManager;
        this.tokenEndpoint = config.keycloak().issuer() + "/protocol/openid-connect/token";
    }

    @Transactional
    public PortalCredentials register(Caller caller, CreatePortal request) {
        String eventEndpoint = blankToNull(request.eventEndpoint());
        if (eventEndpoint != null) {
            urls.requireSafe("eventEndpoint", eventEndpoint);
        }
        String audience = request.audience().trim();
        String clientId = clientIdFor(audience);
        if (Portal.count("audience = ?1 or keycloakClientId = ?2", audience, clientId) > 0) {
            throw conflict("audience", "A portal with this audience is already registered.");
        }
        Portal portal = new Portal();
        portal.id = UUID.randomUUID();
        portal.name = request.name().trim();
        portal.audience = audience;
        portal.keycloakClientId = clientId;
        portal.eventEndpoint = eventEndpoint;
        portal.status = Portal.Status.ACTIVE;
        portal.createdAt = now();
        portal.updatedAt = portal.createdAt;

        String secret = RandomSecrets.base64Url(32);
        try {
            portal.keycloakClientUuid = clients.create(clientId, portal.name, portal.id.toString(), secret);
        } catch (KeycloakRefusedException e) {
            throw e.isConflict()
                    ? conflict("audience", "Keycloak already has a client for this audience (" + clientId + ").")
                    : new ApiException(ProblemType.INVALID_REQUEST, "Keycloak refused the portal's client.");
        }
        String clientUuid = portal.keycloakClientUuid;
        onRollback.register("portal client " + clientId, () -> clients.delete(clientUuid));
        try {
            clients.grantPortalRole(clientUuid);
        } catch (KeycloakRefusedException e) {
            throw new ApiException(ProblemType.CONFLICT, "Keycloak refused the portal role for the new client; nothing was registered.");
        }

        persist(portal);
        audit.record(caller.actor(), "portal.registered", SUBJECT, portal.id.toString(), Map.of("after", snapshot(portal)));
        return new PortalCredentials(PortalView.of(portal), clientId, secret, tokenEndpoint);
    }

    @Transactional
    public Optional<PortalView> find(UUID id) {
        return Portal.<Portal>findByIdOptional(id).map(PortalView::of);
    }

    @Transactional
    public PortalPage list(int page, int size) {
        List<PortalView> items = Portal.<Portal>find("order by createdAt, id").page(page, size).list()
                .stream().map(PortalView::of).toList();
        return new PortalPage(items, page, size, Portal.count());
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
            audit.record(caller.actor(), "portal.secret-rotated", SUBJECT, portal.id.toString(),
                    Map.of("clientId", portal.keycloakClientId));
            entityManager.flush();
            // Last step: once Keycloak has the new secret, only the commit remains.
            String secret = keycloakStep(() -> clients.regenerateSecret(portal.keycloakClientUuid));
            return new PortalCredentials(PortalView.of(portal), portal.keycloakClientId, secret, tokenEndpoint);
        });
    }

    private Optional<PortalView> changeStatus(Caller caller, UUID id, Portal.Status target) {
        return Portal.<Portal>findByIdOptional(id).map(portal -> {
            if (portal.status == target) {
                throw new ApiException(ProblemType.CONFLICT, "The portal is already " + target + ".");
            }
            Map<String, Object> before = snapshot(portal);
            portal.status = target;
            portal.updatedAt = now();
            audit.record(caller.actor(), target == Portal.Status.ACTIVE ? "portal.reinstated" : "portal.suspended",
                    SUBJECT, portal.id.toString(), Map.of("before", before, "after", snapshot(portal)));
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
    private static <T> T keycloakStep(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (KeycloakRefusedException e) {
            throw new ApiException(ProblemType.CONFLICT, e.isNotFound()
                    ? "The portal's Keycloak client is missing; nothing was changed. An operator must repair it."
                    : "Keycloak refused the change; nothing was changed.");
        }
    }

    private void persist(Portal portal) {
        try {
            portal.persist();
            entityManager.flush();
        } catch (PersistenceException e) {
            if (e instanceof org.hibernate.exception.ConstraintViolationException) {
                // A concurrent registration won the unique constraint; the Keycloak client is undone on rollback.
                throw conflict("audience", "A portal with this audience is already registered.");
            }
            throw e;
        }
    }

    /** The Keycloak client id for an audience: stable, readable, and unique with the audience. */
    static String clientIdFor(String audience) {
        String slug = audience.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 100) {
            slug = slug.substring(0, 100);
        }
        return "portal-" + slug;
    }

    private static Map<String, Object> snapshot(Portal portal) {
        Map<String, Object> map = new HashMap<>();
        map.put("name", portal.name);
        map.put("audience", portal.audience);
        map.put("clientId", portal.keycloakClientId);
        map.put("eventEndpoint", portal.eventEndpoint);
        map.put("status", portal.status.name());
        return map;
    }

    private static ApiException conflict(String field, String detail) {
        return new ApiException(ProblemType.CONFLICT, detail, List.of(new Problem.FieldError(field, "already registered")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
