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
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.provisioning.ScimDtos.User;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
public class ScimUserResource {

    private final ScimUsers users;
    private final ScimClient client;
    private final ObjectMapper json;

    ScimUserResource(ScimUsers users, ScimClient client, ObjectMapper json) {
        this.users = users;
        this.client = client;
        this.json = json;
    }

    @POST
    @Operation(summary = "SCIM: create a user, i.e. enroll an INVITED officer (the invitation email goes out)")
    public Response create(String body, UriInfo uri) {
        User user = users.create(client.agencyId(), UserDraft.of(read(body)), usersUrl(uri));
        return Response.created(URI.create(user.meta().location())).entity(user).type(ScimErrors.MEDIA_TYPE).build();
    }

    @GET
    @Operation(summary = "SCIM: the agency's users, optionally filtered by userName eq or externalId eq")
    public Response list(@QueryParam("filter") String filter, @QueryParam("startIndex") @DefaultValue("1") int startIndex,
            @QueryParam("count") @DefaultValue("100") int count, UriInfo uri) {
        return scim(users.list(client.agencyId(), filter, startIndex, count, usersUrl(uri)));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "SCIM: one user")
    public Response show(@PathParam("id") String id, UriInfo uri) {
        return scim(users.find(client.agencyId(), officerId(id), usersUrl(uri)).orElseThrow(ScimUserResource::notFound));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "SCIM: replace a user's attributes (userName cannot change)")
    public Response replace(@PathParam("id") String id, String body, UriInfo uri) {
        return scim(users.replace(client.agencyId(), officerId(id), UserDraft.of(read(body)), usersUrl(uri))
                .orElseThrow(ScimUserResource::notFound));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "SCIM: patch a user (RFC 7644 3.5.2, in Entra ID's and Okta's shapes); active false suspends")
    public Response patch(@PathParam("id") String id, String body, UriInfo uri) {
        return scim(users.patch(client.agencyId(), officerId(id), read(body), usersUrl(uri)).orElseThrow(ScimUserResource::notFound));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "SCIM: remove a user, i.e. revoke the officer for good")
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

    private static Response scim(Object body) {
        return Response.ok(body, ScimErrors.MEDIA_TYPE).build();
    }

    private static String usersUrl(UriInfo uri) {
        return uri.getBaseUri().resolve("scim/v2/Users/").toString();
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
