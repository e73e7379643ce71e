package org.agencyverify.risk;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.risk.CompromiseDtos.ReportCompromise;
import org.agencyverify.risk.CompromiseDtos.ReportView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Agency admins (their own agency) and operators report an officer's account compromised. */
@Path("/v1/agencies/{agencyId}/officers/{officerId}/compromise-reports")
@RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "risk")
@SecurityRequirement(name = "SecurityScheme")
public class CompromiseReportResource {

    private final CompromiseReports reports;
    private final CurrentCaller caller;

    CompromiseReportResource(CompromiseReports reports, CurrentCaller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report the officer's account compromised: revoked for good, tokens revoked, open verifications closed")
    @APIResponse(responseCode = "201", description = "Reported; the officer is REVOKED and must be enrolled anew",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportView.class)))
    @APIResponse(responseCode = "404", description = "The agency has no officer with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response report(@PathParam("agencyId") UUID agencyId, @PathParam("officerId") UUID officerId,
            @Valid ReportCompromise request, @Context UriInfo uri) {
        ReportView view = reports.byAdmin(caller.get(), agencyId, officerId, request == null ? null : request.reason())
                .map(ReportView::of)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "No officer of this agency has this id."));
        // The report's record is the officer itself (status, reason) and the audit trail.
        return Response.created(uri.getBaseUriBuilder().path("/v1/agencies/{a}/officers/{o}").build(agencyId, officerId))
                .entity(view).build();
    }
}
