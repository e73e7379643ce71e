package org.agencyverify.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;

/** What other features ask about the portal behind a request. */
@ApplicationScoped
public class CallingPortals {

    /** The portal a Keycloak client belongs to, while it is ACTIVE: a suspended portal's live token counts for nothing. */
    @Transactional
    public Optional<CallingPortal> active(String keycloakClientId) {
        if (keycloakClientId == null) {
            return Optional.empty();
        }
        return Portal.<Portal>find("keycloakClientId", keycloakClientId).firstResultOptional()
                .filter(portal -> portal.status == Portal.Status.ACTIVE)
                .map(portal -> new CallingPortal(portal.id, portal.name, portal.audience));
    }

    public record CallingPortal(UUID id, String name, String audience) {}
}
