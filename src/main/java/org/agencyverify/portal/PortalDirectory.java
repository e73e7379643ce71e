package org.agencyverify.portal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** What other features may read of a portal without seeing its row. */
@ApplicationScoped
public class PortalDirectory {

    /** A portal as others see it: its audience, Keycloak client and Security Event endpoint (null: none). */
    public record PortalFacts(UUID id, String name, String audience, String keycloakClientId, String eventEndpoint) {}

    /** Any portal by id, whatever its status: what a verification, a token or a security event names. */
    public Optional<PortalFacts> byId(UUID id) {
        return Portal.<Portal>findByIdOptional(id)
                .map(p -> new PortalFacts(p.id, p.name, p.audience, p.keycloakClientId, p.eventEndpoint));
    }
}
