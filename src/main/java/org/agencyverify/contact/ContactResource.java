package org.agencyverify.contact;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import java.util.UUID;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.AdminApi;
import org.agencyverify.common.security.CurrentCaller;
import org.agencyverify.common.security.Roles;
import org.agencyverify.contact.ContactViews.ContactList;
import org.agencyverify.contact.ContactViews.ContactView;
import org.agencyverify.contact.ContactViews.RegisterContact;
import org.agencyverify.contact.change.ContactChangeViews.Proposed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The contacts that confirm an agency's requests: read by operators and the agency's admins; registered
 * and removed by operators through pending changes (see {@code /v1/agencies/{agencyId}/changes}).
 */
@Path("/v1/agencies/{agencyId}/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "contacts")
@SecurityRequirement(name = "SecurityScheme")
@AdminApi
public class ContactResource {

    private final ContactService contacts;
    private final CurrentCaller caller;

    ContactResource(ContactService contacts, CurrentCaller caller) {
        this.contacts = contacts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Propose a contact: PENDING until a second operator approves the change, or its cool-down passes"
            + " once the agency's contacts were told; a generated webhook secret is shown only here")
    @APIResponse(responseCode = "202", description = "Proposed: the pending change (Location), and a generated webhook secret (only here)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Proposed.class)))
    public Response register(@PathParam("agencyId") UUID agencyId, @Valid @NotNull RegisterContact request, @Context UriInfo uri) {
        return accepted(uri, agencyId, contacts.register(caller.get(), agencyId, request));
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "The agency's contacts (never a secret)")
    public ContactList list(@PathParam("agencyId") UUID agencyId) {
        return contacts.list(caller.get(), agencyId);
    }

    @GET
    @Path("{contactId}")
    @RolesAllowed({Roles.OPERATOR, Roles.AGENCY_ADMIN})
    @Operation(summary = "One contact (never a secret)")
    public ContactView get(@PathParam("agencyId") UUID agencyId, @PathParam("contactId") UUID contactId) {
        return found(contacts.find(caller.get(), agencyId, contactId));
    }

    @POST
    @Path("{contactId}/invitation")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Send an email contact the email to set a password and TOTP again (409 when nothing is left to set up)")
    public Response resendInvitation(@PathParam("agencyId") UUID agencyId, @PathParam("contactId") UUID contactId) {
        return Response.accepted(found(contacts.resendInvitation(caller.get(), agencyId, contactId))).build();
    }

    @DELETE
    @Path("{contactId}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Propose removing an ACTIVE contact: it confirms until a second operator approves the change, or its"
            + " cool-down passes; then its open requests are cancelled and an email contact's account is disabled")
    @APIResponse(responseCode = "202", description = "Proposed: the pending change (Location)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Proposed.class)))
    public Response remove(@PathParam("agencyId") UUID agencyId, @PathParam("contactId") UUID contactId, @Context UriInfo uri) {
        return accepted(uri, agencyId, found(contacts.remove(caller.get(), agencyId, contactId)));
    }

    private static Response accepted(UriInfo uri, UUID agencyId, Proposed proposed) {
        return Response.accepted(proposed).location(uri.getBaseUriBuilder().path("v1/agencies/{agencyId}/changes/{changeId}")
                .build(agencyId, proposed.change().id())).build();
    }

    private static <T> T found(Optional<T> item) {
        return item.orElseThrow(() -> new ApiException(ProblemType.NOT_FOUND, "This agency has no contact with this id."));
    }
}
