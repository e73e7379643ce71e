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

/** Operators link an agency's own OIDC identity provider so its officers sign in at home. */
@Path("/v1/agencies/{agencyId}/identity-providers")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class IdentityProviderResource {

    private final FederationService federation;
    private final CurrentCaller caller;

    IdentityProviderResource(FederationService federation, CurrentCaller caller) {
        this.federation = federation;
        this.caller = caller;
    }

    /** Creates the broker in Keycloak (issuer pinned) and links it to the agency's organization. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response link(@PathParam("agencyId") UUID agencyId, @Valid @NotNull LinkIdentityProviderRequest request, UriInfo uri) {
        IdentityProviderView idp = federation.link(caller.get(), agencyId, request);
        return Response.created(uri.getAbsolutePathBuilder().path(idp.alias()).build()).entity(idp).build();
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

    /** Unlinks and removes the broker; officers' links to it go with it. */
    @DELETE
    @Path("{alias}")
    public Response unlink(@PathParam("agencyId") UUID agencyId, @PathParam("alias") String alias) {
        if (!federation.unlink(caller.get(), agencyId, alias)) {
            throw notFound();
        }
        return Response.noContent().build();
    }

    private static ApiException notFound() {
        return new ApiException(ProblemType.NOT_FOUND, "This agency has no identity provider with this alias.");
    }
}
