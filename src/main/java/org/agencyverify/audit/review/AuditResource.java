package org.agencyverify.audit.review;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.agencyverify.audit.review.AuditDtos.EventPage;
import org.agencyverify.audit.review.AuditDtos.Verification;
import org.agencyverify.common.error.Problem;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail for the people who answer for it: operators verify and query it, agency admins query their agency's. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit")
@SecurityRequirement(name = "SecurityScheme")
public class AuditResource {

    private final AuditVerifier verifier;
    private final AuditSearch search;
    private final CurrentCaller caller;

    AuditResource(AuditVerifier verifier, AuditSearch search, CurrentCaller caller) {
        this.verifier = verifier;
        this.search = search;
        this.caller = caller;
    }

    @POST
    @Path("verify")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Verify the hash chain up to the latest event and report the first broken link (audited as audit.verified)")
    @APIResponse(responseCode = "200", description = "The walk ran: intact, or where the chain first breaks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Verification.class)))
    @APIResponse(responseCode = "400", description = "invalid-request naming from or fromHash", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A verification is already running on this instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Verification verify(
            @Parameter(description = "Resume from this known-good event (the lastSequence of an earlier verification)",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")) @QueryParam("from") String from,
            @Parameter(description = "The hash event from is known by (that verification's lastHash); required with from",
                    schema = @Schema(type = SchemaType.STRING, pattern = "[0-9a-f]{64}")) @QueryParam("fromHash") String fromHash) {
        return verifier.verify(caller.get(), AuditParams.checkpoint(from, fromHash));
    }

    @GET
    @Path("events")
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "Query audit events by agency, officer, portal, subject, action and time; keyset paging by sequence"
            + " (agency admins: their own agency, named in agencyId)")
    @APIResponse(responseCode = "200", description = "One page of events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-request naming each bad filter", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EventPage events(
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("agencyId") String agencyId,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("officerId") String officerId,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("portalId") String portalId,
            @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 50)) @QueryParam("subjectType") String subjectType,
            @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 255)) @QueryParam("subjectId") String subjectId,
            @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 100)) @QueryParam("action") String action,
            @Parameter(description = "Inclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("from") String from,
            @Parameter(description = "Exclusive", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("to") String to,
            @Parameter(description = "The next of the previous page: events past this sequence in the chosen order",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")) @QueryParam("after") String after,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"newest", "oldest"}, defaultValue = "newest")) @QueryParam("order") String order,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("size") String size) {
        return search.search(caller.get(), AuditParams.events(new AuditParams.Raw(agencyId, officerId, portalId, subjectType,
                subjectId, action, from, to, after, order, size)));
    }
}
