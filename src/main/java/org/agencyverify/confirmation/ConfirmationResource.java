package org.agencyverify.confirmation;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.agencyverify.common.error.Problem;
import org.agencyverify.confirmation.ConfirmationDtos.DecisionRequest;
import org.agencyverify.confirmation.ConfirmationDtos.DecisionView;
import org.agencyverify.contact.SignedMessages;
import org.agencyverify.contact.webhook.StandardWebhooks;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Agency systems answer confirmation requests here. No bearer token: the Standard Webhooks signature
 * with the credential registered for the contact is what authenticates the answer, so the body is read
 * as the exact bytes that were signed.
 */
@Path("/v1/confirmations")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "confirmations")
public class ConfirmationResource {

    private final WebhookDecisions decisions;

    ConfirmationResource(WebhookDecisions decisions) {
        this.decisions = decisions;
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A contact's signed decision (approve or deny) on one confirmation request")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionRequest.class)))
    @APIResponse(responseCode = "200", description = "Decision recorded; the verification's state after it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionView.class)))
    @APIResponse(responseCode = "400", description = "The body is not a decision",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "confirmation-signature-invalid: not signed by this contact's credential,"
            + " stale, replayed, or the secret does not match",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "confirmation-closed: answered already, decided, or past its deadline",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "too-many-requests: over a rate limit (per caller IP or per confirmation); see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DecisionView decide(@PathParam("id") UUID id,
            @Parameter(description = "Unique id of this answer (Standard Webhooks)") @HeaderParam(StandardWebhooks.ID) String webhookId,
            @Parameter(description = "Unix seconds, within minutes of the service's clock")
            @HeaderParam(StandardWebhooks.TIMESTAMP) String timestamp,
            @Parameter(description = "v1,<HMAC> with the contact's secret, or v1a,<Ed25519> with the agency's key")
            @HeaderParam(StandardWebhooks.SIGNATURE) String signature,
            String body) {
        return DecisionView.of(decisions.answer(id, new SignedMessages.Signed(webhookId, timestamp, signature, body)));
    }
}
