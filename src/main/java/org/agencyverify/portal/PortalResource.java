package org.agencyverify.portal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.portal.PortalViews.CreatePortal;
import org.agencyverify.portal.PortalViews.PortalCredentials;
import org.agencyverify.portal.PortalViews.PortalPage;
import org.agencyverify.portal.PortalViews.PortalView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators register the portals (relying parties) that may call the verify API. */
@Path("/v1/portals")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@Tag(name = "portals")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class PortalResource {

    private final PortalService portals;
    private final PortalChanges changes;
    private final CurrentCaller caller;

    PortalResource(PortalService portals, PortalChanges changes, CurrentCaller caller) {
        this.portals = portals;
        this.changes = changes;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a portal: a Keycloak client with client credentials; the secret is shown only here")
    @APIResponse(responseCode = "201", description = "Registered; the client secret is in this answer only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PortalCredentials.class)))
    public Response register(@Valid @NotNull CreatePortal request, @jakarta.ws.rs.core.Context UriInfo uri) {
        PortalCredentials created = portals.register(caller.get(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.portal().id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "List portals, oldest first")
    public PortalPage list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        caller.get();
        return portals.list(page, size);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One portal (never its secret)")
    public PortalView get(@PathParam("id") UUID id) {
        caller.get();
        return found(portals.find(id));
    }

    @POST
    @Path("{id}/suspend")
    @Operation(summary = "Suspend a portal: its Keycloak client is disabled and can no longer get tokens")
    public PortalView suspend(@PathParam("id") UUID id) {
        return found(changes.suspend(caller.get(), id));
    }

    @POST
    @Path("{id}/reinstate")
    @Operation(summary = "Reinstate a suspended portal")
    public PortalView reinstate(@PathParam("id") UUID id) {
        return found(changes.reinstate(caller.get(), id));
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(summary = "Replace the portal's client secret; the new one is shown only here")
    public PortalCredentials rotateSecret(@PathParam("id") UUID id) {
        return found(changes.rotateSecret(caller.get(), id));
    }

    private static <T> T found(Optional<T> item) {
        return item.orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "No portal has this id."));
    }
}
