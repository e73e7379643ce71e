package org.agencyverify.federation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.change.ContactChangeViews.Proposed;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Operators link an agency's own OIDC identity provider so its officers sign in at home. */
@Path("/v1/agencies/{agencyId}/identity-providers")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class IdentityProviderResource {

    private final FederationService federation;
    private final IdentityProviderChanges changes;
    private final CurrentCaller caller;

    IdentityProviderResource(FederationService federation, IdentityProviderChanges changes, CurrentCaller caller) {
        this.federation = federation;
        this.changes = changes;
        this.caller = caller;
    }

    /**
     * Proposes the link (checked now: issuer pinned, proved domain, alias): 202 with the pending change.
     * The broker is created in Keycloak and linked to the agency's organization when the change applies.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Proposed: the pending change (Location); nothing is linked yet",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Proposed.class)))
    public Response link(@PathParam("agencyId") UUID agencyId, @Valid @NotNull LinkIdentityProviderRequest request, UriInfo uri) {
        return accepted(uri, agencyId, changes.proposeLink(caller.get(), agencyId, request));
    }

    @GET
    public List<IdentityProviderView> list(@PathParam("agencyId") UUID agencyId) {
        return federation.list(agencyId);
    }

    @GET
    @Path("{alias}")
    public IdentityProviderView show(@PathParam("agencyId") UUID agencyId, @PathParam("alias") String alias) {
        return federation.find(agencyId, alias).orElseThrow(IdentityProviderResource::notFound);
    }

    /** Proposes unlinking: 202 with the pending change; once it applies the broker goes, and officers' links to it. */
    @DELETE
    @Path("{alias}")
    @APIResponse(responseCode = "202", description = "Proposed: the pending change (Location); still linked until it applies",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Proposed.class)))
    public Response unlink(@PathParam("agencyId") UUID agencyId, @PathParam("alias") String alias, UriInfo uri) {
        return accepted(uri, agencyId, changes.proposeUnlink(caller.get(), agencyId, alias).orElseThrow(IdentityProviderResource::notFound));
    }

    private static Response accepted(UriInfo uri, UUID agencyId, Proposed proposed) {
        return Response.accepted(proposed).location(uri.getBaseUriBuilder().path("v1/agencies/{agencyId}/changes/{changeId}")
                .build(agencyId, proposed.change().id())).build();
    }

    private static ApiException notFound() {
        return new ApiException(ProblemType.NOT_FOUND, "This agency has no identity provider with this alias.");
    }
}
