package org.agencyverify.token;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.agencyverify.common.error.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Token Status List (draft-ietf-oauth-status-list): public, unauthenticated and the same for every
 * caller, so fetching it tells the service nothing of which token a portal checks.
 */
@Path("/v1/status-lists")
@PermitAll
@Tag(name = "tokens")
public class StatusListResource {

    private final StatusListCache lists;
    private final TokenIssuer issuer;

    StatusListResource(StatusListCache lists, TokenIssuer issuer) {
        this.lists = lists;
        this.issuer = issuer;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status List Aggregation: the URIs of every status list (there is one)")
    @APIResponse(responseCode = "200", description = "{\"status_lists\": [uri]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    public Map<String, Object> aggregation() {
        return Map.of("status_lists", List.of(issuer.statusListUri()));
    }

    @GET
    @Path("/1")
    @Produces(StatusListToken.MEDIA_TYPE)
    @Operation(summary = "The Status List Token every trust token's status.status_list.uri names: bit idx is 1 once the token"
            + " was revoked")
    @APIResponse(responseCode = "200", description = "A Status List Token (typ statuslist+jwt, ES256, signed with the trust"
            + " token key; claims iss, sub, iat, exp, ttl, status_list {bits: 1, lst})",
            headers = {@Header(name = "ETag", description = "Strong tag of this list; send it back as If-None-Match"),
                    @Header(name = "Cache-Control", description = "public, max-age at most the list's ttl")},
            content = @Content(mediaType = StatusListToken.MEDIA_TYPE, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match named the list this replica serves")
    @APIResponse(responseCode = "503", description = "No list known current (PostgreSQL or the signing key unreachable):"
            + " none is served; retry, or introspect",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<byte[]>> list(@Context Request request) {
        // On the event loop from the copy in memory; only a check against PostgreSQL goes to a worker thread.
        return lists.current().map(list -> Uni.createFrom().item(answer(request, list)))
                .orElseGet(() -> Uni.createFrom().item(() -> answer(request, lists.served()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * A RestResponse of bytes, not a Response of a String: its writer is chosen once, not per answer, and the
     * token is encoded once per list (39 to 35 µs of CPU per answer under {@code make bench}).
     */
    private RestResponse<byte[]> answer(Request request, StatusListCache.Served list) {
        Encoded current = encoded(list);
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) Math.max(0, lists.maxAge(list).toSeconds()));
        cache.setPrivate(false);
        if (request.evaluatePreconditions(current.tag()) != null) {
            return RestResponse.ResponseBuilder.<byte[]>create(RestResponse.Status.NOT_MODIFIED).tag(current.tag()).cacheControl(cache).build();
        }
        return RestResponse.ResponseBuilder.ok(current.body(), StatusListToken.MEDIA_TYPE).tag(current.tag()).cacheControl(cache).build();
    }

    /** The list as sent, for the list it was encoded from (the same object until the list changes). */
    private record Encoded(StatusListCache.Served list, byte[] body, EntityTag tag) {}

    private volatile Encoded encoded;

    private Encoded encoded(StatusListCache.Served list) {
        Encoded last = encoded;
        if (last != null && last.list() == list) {
            return last;
        }
        Encoded current = new Encoded(list, list.jwt().getBytes(StandardCharsets.US_ASCII), new EntityTag(list.etag()));
        encoded = current;
        return current;
    }
}
