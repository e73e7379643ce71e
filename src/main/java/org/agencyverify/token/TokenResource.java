package org.agencyverify.token;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Portals check (RFC 7662) and revoke (RFC 7009) the trust tokens issued to them. */
@Path("/v1/tokens")
@RolesAllowed(Roles.PORTAL)
@Tag(name = "tokens")
@SecurityRequirement(name = "SecurityScheme")
public class TokenResource {

    private final TokenIntrospection introspection;
    private final TokenRevocation revocation;
    private final PortalCache portals;
    private final CurrentCaller caller;

    TokenResource(TokenIntrospection introspection, TokenRevocation revocation, PortalCache portals, CurrentCaller caller) {
        this.introspection = introspection;
        this.revocation = revocation;
        this.portals = portals;
        this.caller = caller;
    }

    @POST
    @Path("/introspect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RFC 7662: whether a trust token is active for the calling portal, and its claims")
    @APIResponse(responseCode = "200", description = "{\"active\": false} for an expired, revoked, not yet valid, foreign,"
            + " unknown or altered token; otherwise active with the token's claims",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    @APIResponse(responseCode = "429", description = "too-many-requests: over a rate limit (per portal); see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis unreachable or the revocation set being rebuilt: no answer is given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> introspect(@FormParam("token") String token, @FormParam("token_type_hint") String hint) {
        // On the event loop: the portal from memory (a worker thread only to read it from the database) and
        // the reactive Redis client. A String, not a Response: its writer is chosen once, not per answer.
        return portals.activeAsync(caller.clientId()).chain(portal -> introspection.introspect(portal, token));
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "RFC 7009: revoke a trust token issued to the calling portal")
    @APIResponse(responseCode = "200", description = "Revoked, or not a live token of this portal (the same answer)")
    @APIResponse(responseCode = "429", description = "too-many-requests: over a rate limit (per portal); see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Redis or PostgreSQL unreachable: retry; nothing may be assumed revoked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revoke(@FormParam("token") String token, @FormParam("token_type_hint") String hint) {
        revocation.revokeByPortal(caller.get().actor(), portals.active(caller.clientId()), token);
        return Response.ok().build();
    }
}
