package org.agencyverify.agency;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.agencyverify.agency.AdminDtos.AddAdmin;
import org.agencyverify.agency.AdminDtos.AdminView;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.invitation.Invitations;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators name the people who administer an agency's officers. */
@Path("/v1/agencies/{agencyId}/admins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "agencies")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class AdminResource {

    private final AdminService admins;
    private final CurrentCaller caller;

    AdminResource(AdminService admins, CurrentCaller caller) {
        this.admins = admins;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Add an agency admin: a Keycloak user who must set a password and TOTP at first sign-in")
    public Response add(@PathParam("agencyId") UUID agencyId, @Valid @NotNull AddAdmin request, @Context UriInfo uri) {
        AdminView admin = admins.add(caller.get(), agencyId, request).orElseThrow(AgencyResource::notFound);
        return Response.created(uri.getAbsolutePathBuilder().path(admin.id().toString()).build()).entity(admin).build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "The agency's admins (agency admins: their own agency only)")
    public List<AdminView> list(@PathParam("agencyId") UUID agencyId) {
        return admins.list(caller.get(), agencyId);
    }

    @POST
    @Path("{adminId}/invitation")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Send the admin the email to set a password and TOTP again (409 when nothing is left to set up)")
    public Response resendInvitation(@PathParam("agencyId") UUID agencyId, @PathParam("adminId") UUID adminId) {
        Invitations.Queued queued = admins.resendInvitation(caller.get(), agencyId, adminId)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This agency has no admin with this id."));
        return Response.accepted(queued).build();
    }

    @DELETE
    @Path("{adminId}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Remove an agency admin; their Keycloak account is disabled at once")
    public Response remove(@PathParam("agencyId") UUID agencyId, @PathParam("adminId") UUID adminId) {
        if (!admins.remove(caller.get(), agencyId, adminId)) {
            throw new ApiException(ProblemType.NOT_FOUND, "This agency has no admin with this id.");
        }
        return Response.noContent().build();
    }
}
