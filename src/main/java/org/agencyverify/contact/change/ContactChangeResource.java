package org.agencyverify.contact.change;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.change.ContactChangeViews.ChangeList;
import org.agencyverify.contact.change.ContactChangeViews.ProposeChange;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Agency admins propose contact changes; they apply after a cool-down and after every contact was notified. */
@Path("/v1/agencies/{agencyId}/contacts/proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "contacts")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class ContactChangeResource {

    private final ContactChangeService changes;
    private final CurrentCaller caller;

    ContactChangeResource(ContactChangeService changes, CurrentCaller caller) {
        this.changes = changes;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AGENCY_ADMIN)
    @Operation(summary = "Propose adding or removing a contact (PENDING until the cool-down passed and every contact was notified)")
    @APIResponse(responseCode = "202", description = "Proposed; PENDING until the cool-down passed and every contact was notified",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactChangeViews.Proposed.class)))
    public Response propose(@PathParam("agencyId") UUID agencyId, @Valid @NotNull ProposeChange request) {
        return Response.status(Response.Status.ACCEPTED).entity(changes.propose(caller.get(), agencyId, request)).build();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "The agency's proposed contact changes and their notifications")
    public ChangeList list(@PathParam("agencyId") UUID agencyId) {
        return changes.list(caller.get(), agencyId);
    }
}
