package org.agencyverify.risk;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.contact.SignedMessages;
import org.agencyverify.contact.webhook.StandardWebhooks;
import org.agencyverify.risk.CompromiseDtos.ReportView;
import org.agencyverify.risk.CompromiseDtos.SignedReport;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An agency's system (a webhook contact) reports an officer's account compromised. No bearer token:
 * the Standard Webhooks signature with the contact's registered credential authenticates it, so the
 * body is read as the exact bytes that were signed.
 */
@Path("/v1/contacts/{contactId}/compromise-reports")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "risk")
public class SignedReportResource {

    private final SignedReports reports;

    SignedReportResource(SignedReports reports) {
        this.reports = reports;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A contact's signed report that an officer of its agency is compromised")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SignedReport.class)))
    @APIResponse(responseCode = "201", description = "Reported; the officer is REVOKED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportView.class)))
    @APIResponse(responseCode = "401", description = "report-signature-invalid: not signed by this contact's credential, stale or replayed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The contact's agency has no officer with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response report(@PathParam("contactId") UUID contactId,
            @Parameter(description = "Unique id of this report (Standard Webhooks)") @HeaderParam(StandardWebhooks.ID) String webhookId,
            @Parameter(description = "Unix seconds, within minutes of the service's clock")
            @HeaderParam(StandardWebhooks.TIMESTAMP) String timestamp,
            @Parameter(description = "v1,<HMAC> with the contact's secret, or v1a,<Ed25519> with the agency's key")
            @HeaderParam(StandardWebhooks.SIGNATURE) String signature,
            String body) {
        ReportView view = reports.report(contactId, new SignedMessages.Signed(webhookId, timestamp, signature, body))
                .map(ReportView::of)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "The contact's agency has no officer with this id."));
        return Response.status(Response.Status.CREATED).entity(view).build();
    }
}
