package org.agencyverify.provisioning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.provisioning.ScimDtos.User;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * SCIM 2.0 Users (RFC 7644) for the agency whose SCIM credential calls: each user is one of its officers.
 * Bodies are read here as JSON trees, so SCIM's leniency (any attribute case, string booleans) and its
 * error types apply rather than the JSON API's strict records.
 */
@Path("/scim/v2/Users")
@PermitAll
@ScimApi
@Produces({ScimErrors.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Consumes({ScimErrors.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Tag(name = "scim")
@SecurityScheme(securitySchemeName = ScimUserResource.SECURITY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The agency's SCIM credential (avscim_...), from POST /v1/agencies/{agencyId}/scim-credential")
@SecurityRequirement(name = ScimUserResource.SECURITY)
@APIResponse(responseCode = "401", description = "No current SCIM credential of an agency",
        content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
@APIResponse(responseCode = "400", description = "scimType invalidSyntax, invalidValue, invalidFilter, invalidPath, mutability or noTarget",
        content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
public class ScimUserResource {

    static final String SECURITY = "ScimCredential";

    private final ScimUsers users;
    private final ScimClient client;
    private final ObjectMapper json;
    /** meta.location and Location: the configured public URL, not the request's (behind a proxy it sees the internal host). */
    private final String usersUrl;

    ScimUserResource(ScimUsers users, ScimClient client, ObjectMapper json, AgencyVerifyConfig config) {
        this.users = users;
        this.client = client;
        this.json = json;
        this.usersUrl = config.baseUrl() + "/scim/v2/Users/";
    }

    @POST
    @Operation(summary = "SCIM: create a user, i.e. enroll an INVITED officer (the invitation email goes out)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "409", description = "scimType uniqueness: the userName or email is taken in this agency",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
    public Response create(
            @RequestBody(content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = User.class)))
            String body) {
        User user = users.create(client.agencyId(), UserDraft.of(read(body)), usersUrl);
        return Response.created(URI.create(user.meta().location())).entity(user).type(ScimErrors.MEDIA_TYPE).build();
    }

    @GET
    @Operation(summary = "SCIM: the agency's users, optionally filtered by userName eq or externalId eq")
    @APIResponse(responseCode = "200", description = "A page of users (startIndex is 1-based, count at most 200)",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimDtos.ListResponse.class)))
    public Response list(@QueryParam("filter") String filter, @QueryParam("startIndex") @DefaultValue("1") String startIndex,
            @QueryParam("count") @DefaultValue("100") String count) {
        return scim(users.list(client.agencyId(), filter, integer("startIndex", startIndex), integer("count", count), usersUrl));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "SCIM: one user")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "404", description = "No user of this agency has this id",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
    public Response show(@PathParam("id") String id) {
        return scim(users.find(client.agencyId(), officerId(id), usersUrl).orElseThrow(ScimUserResource::notFound));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "SCIM: replace a user's attributes (userName cannot change)")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "404", description = "No user of this agency has this id",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
    public Response replace(@PathParam("id") String id,
            @RequestBody(content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = User.class)))
            String body) {
        return scim(users.replace(client.agencyId(), officerId(id), UserDraft.of(read(body)), usersUrl)
                .orElseThrow(ScimUserResource::notFound));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "SCIM: patch a user (RFC 7644 3.5.2, in Entra ID's and Okta's shapes); active false suspends")
    @APIResponse(responseCode = "200", description = "The user",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = User.class)))
    @APIResponse(responseCode = "404", description = "No user of this agency has this id",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
    public Response patch(@PathParam("id") String id,
            @RequestBody(content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimDtos.PatchOp.class)))
            String body) {
        return scim(users.patch(client.agencyId(), officerId(id), read(body), usersUrl).orElseThrow(ScimUserResource::notFound));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "SCIM: remove a user, i.e. revoke the officer for good")
    @APIResponse(responseCode = "204", description = "Removed: the officer is REVOKED, sign-in disabled, live tokens revoked")
    @APIResponse(responseCode = "404", description = "No user of this agency has this id",
            content = @Content(mediaType = ScimErrors.MEDIA_TYPE, schema = @Schema(implementation = ScimErrors.ScimError.class)))
    public Response delete(@PathParam("id") String id) {
        if (!users.delete(client.agencyId(), officerId(id))) {
            throw notFound();
        }
        return Response.noContent().build();
    }

    private JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw ScimException.invalidSyntax("The request needs a JSON body.");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("The body is not valid JSON.");
        }
    }

    /** A paging parameter: SCIM wants a 400 invalidValue for a bad one, not JAX-RS's 404. */
    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer.");
        }
    }

    private static Response scim(Object body) {
        return Response.ok(body, ScimErrors.MEDIA_TYPE).build();
    }

    /** Ids are officer ids; anything else names no user here. */
    private static UUID officerId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ScimException notFound() {
        return new ScimException(ProblemType.NOT_FOUND, null, "No user of this agency has this id.");
    }
}
