package org.agencyverify.verification;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.ratelimit.ClientAddress;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.verification.VerificationDtos.OutcomeReport;
import org.agencyverify.verification.VerificationDtos.OutcomeView;
import org.agencyverify.verification.VerificationDtos.StartVerification;
import org.agencyverify.verification.VerificationDtos.VerificationView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Portals ask whether a requester is an enrolled officer of a vetted agency, then poll the answer. */
@Path("/v1/verifications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PORTAL)
@Tag(name = "verifications")
@SecurityRequirement(name = "SecurityScheme")
public class VerificationResource {

    private final VerificationGate gate;
    private final CurrentCaller caller;
    private final DpopProofs dpopProofs;

    VerificationResource(VerificationGate gate, CurrentCaller caller, DpopProofs dpopProofs) {
        this.gate = gate;
        this.caller = caller;
        this.dpopProofs = dpopProofs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a verification: agency, officer and credentials are checked, then the agency's contacts are asked")
    @APIResponse(responseCode = "202", description = "Checks passed; waiting for the agency's confirmation. Poll the Location.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request naming the field, or invalid-dpop-proof",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "verification-refused: the same answer for every failed check",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "too-many-requests: over a rate limit (before any check: per caller IP, portal, requester, requester and email; once the credentials passed: per officer or agency); see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "service-unavailable: Keycloak, Redis or PostgreSQL unreachable; the same answer for every requester, nothing started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@Valid @NotNull StartVerification request,
            @Parameter(description = "Same key and same body answer the same; at most 200 characters")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Parameter(description = "Optional DPoP proof (RFC 9449) of the requester's key; the trust token is then bound to it (cnf.jkt)")
            @HeaderParam("DPoP") String dpop,
            @Context UriInfo uri, @Context HttpServerRequest http) {
        long started = System.nanoTime();
        String dpopJkt = dpop == null ? null : dpopProofs.verify(dpop, "POST", uri.getRequestUri());
        VerificationView view = gate.start(caller.get(), caller.clientId(), request, idempotencyKey, dpopJkt,
                ClientAddress.peer(http), started);
        return Response.accepted(view).location(uri.getAbsolutePathBuilder().path(view.id().toString()).build()).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Where a verification stands; only the portal that started it may read it")
    @APIResponse(responseCode = "200", description = "The verification",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @APIResponse(responseCode = "429", description = "slow-down: polled sooner than pollInterval; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VerificationView get(@PathParam("id") UUID id) {
        return gate.find(caller.get(), caller.clientId(), id).orElseThrow(NotFoundException::new);
    }

    @POST
    @Path("/{id}/outcome")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report what the portal did with the request it had a trust token for; a refusal counts against the officer")
    @APIResponse(responseCode = "200", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutcomeView.class)))
    @APIResponse(responseCode = "404", description = "No verification of this portal has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No token was issued for it, or its outcome was reported already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OutcomeView outcome(@PathParam("id") UUID id, @Valid @NotNull OutcomeReport report) {
        return gate.outcome(caller.get(), caller.clientId(), id, report).orElseThrow(NotFoundException::new);
    }
}
