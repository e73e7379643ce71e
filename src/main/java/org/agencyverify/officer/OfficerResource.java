package org.agencyverify.officer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.invitation.Invitations;

/** Agency admins (their own agency) and operators enroll and manage officers. */
@Path("/v1/agencies/{agencyId}/officers")
@RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
public class OfficerResource {

    private final OfficerEnrollment enrollment;
    private final OfficerService officers;
    private final CurrentCaller caller;

    OfficerResource(OfficerEnrollment enrollment, OfficerService officers, CurrentCaller caller) {
        this.enrollment = enrollment;
        this.officers = officers;
        this.caller = caller;
    }

    /** Enrolls an officer (status INVITED): a Keycloak user who must set a password and an OTP. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enroll(@PathParam("agencyId") UUID agencyId, @Valid @NotNull EnrollOfficerRequest request, UriInfo uri) {
        OfficerView officer = enrollment.enroll(caller.get(), agencyId, request);
        return Response.created(uri.getAbsolutePathBuilder().path(officer.id().toString()).build()).entity(officer).build();
    }

    /** The agency's officers, newest first; filter by status or by exact email. */
    @GET
    public OfficerPage list(@PathParam("agencyId") UUID agencyId,
            @QueryParam("status") @Pattern(regexp = "INVITED|ACTIVE|SUSPENDED|REVOKED") String status,
            @QueryParam("email") String email,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return officers.list(caller.get(), agencyId, status == null ? null : OfficerStatus.valueOf(status), email, page, size);
    }

    @GET
    @Path("{officerId}")
    public OfficerView show(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId) {
        return officers.find(caller.get(), agencyId, officerId).orElseThrow(OfficerResource::notFound);
    }

    /** INVITED to ACTIVE, once Keycloak shows the officer set a password and an OTP (or signed in through the agency's IdP). */
    @POST
    @Path("{officerId}/activate")
    public OfficerView activate(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId) {
        return act(agencyId, officerId, OfficerAction.ACTIVATE);
    }

    /** Sends the INVITED officer Keycloak's email again (202); 409 when nothing is left to set up. */
    @POST
    @Path("{officerId}/invitation")
    public Response resendInvitation(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId) {
        Invitations.Queued queued = officers.resendInvitation(caller.get(), agencyId, officerId)
                .orElseThrow(OfficerResource::notFound);
        return Response.accepted(queued).build();
    }

    /** Disables the officer's Keycloak user at once and ends their sessions. */
    @POST
    @Path("{officerId}/suspend")
    public OfficerView suspend(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId) {
        return act(agencyId, officerId, OfficerAction.SUSPEND);
    }

    @POST
    @Path("{officerId}/reinstate")
    public OfficerView reinstate(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId) {
        return act(agencyId, officerId, OfficerAction.REINSTATE);
    }

    /** Revokes the officer for good (status REVOKED) and disables their Keycloak user at once. */
    @DELETE
    @Path("{officerId}")
    public OfficerView remove(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId) {
        return act(agencyId, officerId, OfficerAction.REMOVE);
    }

    private OfficerView act(UUID agencyId, UUID officerId, OfficerAction action) {
        return officers.apply(caller.get(), agencyId, officerId, action).orElseThrow(OfficerResource::notFound);
    }

    private static ApiException notFound() {
        return new ApiException(ProblemType.NOT_FOUND, "No officer of this agency has this id.");
    }
}
