package org.agencyverify.provisioning;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.provisioning.ScimCredentialDtos.IssuedScimCredential;
import org.agencyverify.provisioning.ScimCredentialDtos.ScimCredentialStatus;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The agency's SCIM credential, for its admins (their own agency) and operators: create or rotate, show, revoke. */
@Path("/v1/agencies/{agencyId}/scim-credential")
@RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@AdminApi
@Tag(name = "scim")
@SecurityRequirement(name = "SecurityScheme")
public class ScimCredentialResource {

    private final ScimCredentials credentials;
    private final CurrentCaller caller;

    ScimCredentialResource(ScimCredentials credentials, CurrentCaller caller) {
        this.credentials = credentials;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Create the agency's SCIM credential, or replace it (the old one stops at once); the secret is shown once")
    @APIResponse(responseCode = "201", description = "The new credential; its secret is not shown again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedScimCredential.class)))
    public Response create(@PathParam("agencyId") UUID agencyId, UriInfo uri) {
        ScimCredentials.Issued issued = credentials.create(caller.get(), agencyId);
        return Response.created(uri.getAbsolutePath()).header("Cache-Control", "no-store")
                .entity(new IssuedScimCredential(issued.secret(), issued.scimBaseUrl(), issued.createdAt()))
                .build();
    }

    @GET
    @Operation(summary = "Whether the agency has a SCIM credential, when it was created and last used (never the secret)")
    public ScimCredentialStatus show(@PathParam("agencyId") UUID agencyId) {
        return credentials.show(caller.get(), agencyId);
    }

    @DELETE
    @Operation(summary = "Revoke the agency's SCIM credential: its SCIM client is refused from now on")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "The agency has no SCIM credential",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response revoke(@PathParam("agencyId") UUID agencyId) {
        if (!credentials.revoke(caller.get(), agencyId)) {
            throw new ApiException(ProblemType.NOT_FOUND, "This agency has no SCIM credential.");
        }
        return Response.noContent().build();
    }
}
