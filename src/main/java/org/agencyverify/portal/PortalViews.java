package org.agencyverify.portal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.agencyverify.common.text.OneLine;

/** Request and response bodies of the portal API. */
public final class PortalViews {

    private PortalViews() {}

    /** Registers a portal. */
    @Schema(name = "CreatePortal")
    public record CreatePortal(
            @NotBlank @OneLine @Size(max = 200) String name,
            @Schema(description = "The aud of trust tokens for this portal: a URI or a slug", example = "https://records.example.com")
            @NotBlank @Size(min = 3, max = 200)
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._~:/?#@!$&'()*+,;=%-]*", message = "must be a URI or a slug without spaces")
            String audience,
            @Schema(description = "Optional https URL that receives revocation events")
            @OneLine @Size(max = 2048) String eventEndpoint) {}

    /** A portal as operators see it: never its secret. */
    @Schema(name = "Portal")
    public record PortalView(UUID id, String name, String audience, String clientId, String eventEndpoint,
            Portal.Status status, Instant createdAt, Instant updatedAt) {

        static PortalView of(Portal portal) {
            return new PortalView(portal.id, portal.name, portal.audience, portal.keycloakClientId, portal.eventEndpoint,
                    portal.status, portal.createdAt, portal.updatedAt);
        }
    }

    /** The portal's client credentials, answered once at registration and at each rotation. */
    @Schema(name = "PortalCredentials")
    public record PortalCredentials(
            PortalView portal,
            String clientId,
            @Schema(description = "Shown only in this answer; agency-verify does not keep it") String clientSecret,
            @Schema(description = "Where the portal gets client-credentials tokens") String tokenEndpoint) {}

    /** One page of portals, oldest first. */
    @Schema(name = "PortalPage")
    public record PortalPage(List<PortalView> items, int page, int size, long total) {}
}
