package org.agencyverify.contact.change;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.change.ContactChangeViews.ChangeList;
import org.agencyverify.contact.change.ContactChangeViews.ChangeView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An agency's pending changes (contacts added or removed, identity providers linked or unlinked): they
 * apply after the cool-down once every contact was told, or at once when a second operator approves an
 * operator's change.
 */
@Path("/v1/agencies/{agencyId}/changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "changes")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class ChangeResource {

    private final ChangeDecisions changes;
    private final CurrentCaller caller;

    ChangeResource(ChangeDecisions changes, CurrentCaller caller) {
        this.changes = changes;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "The agency's changes of contacts and identity providers, oldest first, with their notifications")
    public ChangeList list(@PathParam("agencyId") UUID agencyId) {
        return changes.list(caller.get(), agencyId);
    }

    @GET
    @Path("{changeId}")
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "One change")
    public ChangeView get(@PathParam("agencyId") UUID agencyId, @PathParam("changeId") UUID changeId) {
        return found(changes.find(caller.get(), agencyId, changeId));
    }

    @POST
    @Path("{changeId}/approve")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "A second operator approves an operator's pending change: it applies at once (403 for its proposer;"
            + " 409 for an agency admin's proposal, which waits for its cool-down, or a change no longer pending)")
    public ChangeView approve(@PathParam("agencyId") UUID agencyId, @PathParam("changeId") UUID changeId) {
        return found(changes.approve(caller.get(), agencyId, changeId));
    }

    @POST
    @Path("{changeId}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Cancel a pending change: nothing of it takes effect (409 when it is no longer pending)")
    public ChangeView cancel(@PathParam("agencyId") UUID agencyId, @PathParam("changeId") UUID changeId) {
        return found(changes.cancel(caller.get(), agencyId, changeId));
    }

    private static ChangeView found(Optional<ChangeView> change) {
        return change.orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This agency has no change with this id."));
    }
}
