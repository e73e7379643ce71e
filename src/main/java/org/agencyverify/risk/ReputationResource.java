package org.agencyverify.risk;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.portal.CallingPortals;
import org.agencyverify.risk.Reputations.Reputation;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Portals read the history of a requester they had a trust token for (officer id = the token's sub). */
@Path("/v1/officers/{officerId}/reputation")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PORTAL)
@Tag(name = "risk")
@SecurityRequirement(name = "SecurityScheme")
public class ReputationResource {

    private final Reputations reputations;
    private final CallingPortals portals;
    private final CurrentCaller caller;

    ReputationResource(Reputations reputations, CallingPortals portals, CurrentCaller caller) {
        this.reputations = reputations;
        this.portals = portals;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The officer's verification history across all portals: counts and finding names, no case data")
    @APIResponse(responseCode = "200", description = "The history",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reputation.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or an officer this portal never had a trust token for (the same answer)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Reputation get(@PathParam("officerId") UUID officerId) {
        CallingPortals.CallingPortal portal = portals.active(caller.clientId()).orElseThrow(() -> new ApiException(ProblemType.FORBIDDEN,
                "Only an ACTIVE registered portal may use the verification API."));
        return reputations.of(portal.id(), officerId)
                .orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "No officer this portal had a trust token for has this id."));
    }
}
