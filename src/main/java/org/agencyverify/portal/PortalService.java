package org.agencyverify.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.audit.AuditLog;
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
 * Registers portals and reads them ({@link PortalChanges} changes them). The Keycloak client is
 * created inside the database transaction and deleted when that transaction does not commit, so
 * neither side is left half-done.
 */
@ApplicationScoped
public class PortalService {

    private final PortalClients clients;
    private final AuditLog audit;
    private final OutboundUrls urls;
    private final OnRollback onRollback;
    private final EntityManager entityManager;

    PortalService(PortalClients clients, AuditLog audit, OutboundUrls urls, OnRollback onRollback,
            EntityManager entityManager) {
        this.clients = clients;
        this.audit = audit;
        this.urls = urls;
        this.onRollback = onRollback;
        this.entityManager = entityManager;
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
        audit.record(caller.actor(), "portal.registered", Portal.AUDIT_SUBJECT, portal.id.toString(), Map.of("after", portal.snapshot()));
        return new PortalCredentials(PortalView.of(portal), clientId, secret, clients.tokenEndpoint());
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
