package org.agencyverify.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.agencyverify.common.error.ProblemType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What this SCIM service supports (RFC 7644 4), from the static documents in {@code scim/}: PATCH yes,
 * bulk, sorting, password changes and ETags no, filters {@code userName eq} and {@code externalId eq}.
 */
@Path("/scim/v2")
@PermitAll
@ScimApi
@Produces({ScimErrors.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Tag(name = "scim")
@SecurityRequirement(name = ScimUserResource.SECURITY)
public class ScimDiscoveryResource {

    private final JsonNode serviceProviderConfig;
    private final JsonNode schemas;
    private final JsonNode resourceTypes;

    ScimDiscoveryResource(ObjectMapper json) {
        this.serviceProviderConfig = read(json, "ServiceProviderConfig.json");
        this.schemas = read(json, "Schemas.json");
        this.resourceTypes = read(json, "ResourceTypes.json");
    }

    @GET
    @Path("ServiceProviderConfig")
    @Operation(summary = "SCIM: what this service provider supports (RFC 7644 4)")
    public Response serviceProviderConfig() {
        return scim(serviceProviderConfig);
    }

    @GET
    @Path("Schemas")
    @Operation(summary = "SCIM: the User schema as this service keeps it")
    public Response schemas() {
        return scim(list(schemas));
    }

    @GET
    @Path("Schemas/{id}")
    @Operation(summary = "SCIM: one schema by its URN")
    public Response schema(@PathParam("id") String id) {
        return scim(byId(schemas, id));
    }

    @GET
    @Path("ResourceTypes")
    @Operation(summary = "SCIM: the resource types served (User)")
    public Response resourceTypes() {
        return scim(list(resourceTypes));
    }

    @GET
    @Path("ResourceTypes/{id}")
    @Operation(summary = "SCIM: one resource type by its id")
    public Response resourceType(@PathParam("id") String id) {
        return scim(byId(resourceTypes, id));
    }

    private static JsonNode byId(JsonNode all, String id) {
        for (JsonNode one : all) {
            if (one.path("id").asText().equals(id)) {
                return one;
            }
        }
        throw new ScimException(ProblemType.NOT_FOUND, null, "No resource here has the id " + id + ".");
    }

    private static ScimDtos.ListResponse<JsonNode> list(JsonNode all) {
        List<JsonNode> resources = new ArrayList<>();
        all.forEach(resources::add);
        return new ScimDtos.ListResponse<>(List.of(ScimDtos.LIST_SCHEMA), resources.size(), 1, resources.size(), resources);
    }

    private static Response scim(Object body) {
        return Response.ok(body, ScimErrors.MEDIA_TYPE).build();
    }

    private static JsonNode read(ObjectMapper json, String name) {
        try (InputStream in = ScimDiscoveryResource.class.getResourceAsStream("/scim/" + name)) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("scim/" + name + " is part of the build", e);
        }
    }
}
