package org.agencyverify.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** What portals need to check trust tokens offline: the public keys and the issuer's metadata. */
@Path("/.well-known")
@PermitAll
@Tag(name = "tokens")
public class WellKnownResource {

    private final SigningKeys keys;
    private final TokenIssuer issuer;
    private final TokenConfig config;
    private final AgencyVerifyConfig service;
    private final SecurityEvents events;
    private final ObjectMapper json;

    /** The JWK Set as sent, for the list of keys it was written from (the same list while the keys are unchanged). */
    private record Written(List<Map<String, Object>> keys, byte[] body) {}

    private volatile Written written;

    WellKnownResource(SigningKeys keys, TokenIssuer issuer, TokenConfig config, AgencyVerifyConfig service, SecurityEvents events,
            ObjectMapper json) {
        this.keys = keys;
        this.issuer = issuer;
        this.config = config;
        this.service = service;
        this.events = events;
        this.json = json;
    }

    @GET
    @Path("/ssf-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Shared Signals transmitter metadata: the security events portals with an event endpoint receive")
    @APIResponse(responseCode = "200", description = "The SSF configuration",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    public Map<String, Object> ssfConfiguration() {
        return events.configuration(service.baseUrl());
    }

    @GET
    @Path("/jwks.json")
    @Produces("application/jwk-set+json")
    @Operation(summary = "The public keys trust tokens are signed with: the active key, the next one, and retired ones still in use")
    @APIResponse(responseCode = "200", description = "A JWK Set (RFC 7517)",
            content = @Content(mediaType = "application/jwk-set+json", schema = @Schema(implementation = Map.class)))
    public Uni<RestResponse<byte[]>> jwks() {
        // On the event loop from the copy in memory; only a read of the database goes to a worker thread
        // (the hop cost a third of the answer's CPU, measured by `make bench`).
        return keys.publishedInMemory().map(published -> Uni.createFrom().item(jwks(published)))
                .orElseGet(() -> Uni.createFrom().item(() -> jwks(keys.published())).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** A RestResponse of bytes, not a Response: its writer is chosen once, not per answer. */
    private RestResponse<byte[]> jwks(List<Map<String, Object>> published) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge((int) config.jwksMaxAge().toSeconds());
        cache.setPrivate(false);
        return RestResponse.ResponseBuilder.ok(body(published), "application/jwk-set+json").cacheControl(cache).build();
    }

    /** Written once per set of keys, not once per request. */
    private byte[] body(List<Map<String, Object>> published) {
        Written last = written;
        if (last != null && last.keys() == published) {
            return last.body();
        }
        try {
            byte[] body = json.writeValueAsBytes(Map.of("keys", published));
            written = new Written(published, body);
            return body;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the public keys could not be written as JSON", e);
        }
    }

    @GET
    @Path("/agency-verify-issuer")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issuer metadata: where the keys, introspection and revocation are, and what trust tokens look like")
    @APIResponse(responseCode = "200", description = "The metadata document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Map.class)))
    public Map<String, Object> metadata() {
        String base = service.baseUrl();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer.issuer());
        metadata.put("jwks_uri", base + "/.well-known/jwks.json");
        metadata.put("introspection_endpoint", base + "/v1/tokens/introspect");
        metadata.put("revocation_endpoint", base + "/v1/tokens/revoke");
        // draft-ietf-oauth-status-list's metadata name (RFC 8414 registry): the list of status lists, for offline checks.
        metadata.put("status_list_aggregation_endpoint", base + "/v1/status-lists");
        metadata.put("introspection_endpoint_auth_methods_supported", List.of("bearer"));
        metadata.put("token_type", TrustTokenClaims.TYPE);
        metadata.put("token_signing_alg_values_supported", List.of("ES256"));
        metadata.put("authorization_details_types_supported", List.of(TrustTokenClaims.DETAILS_TYPE));
        metadata.put("dpop_signing_alg_values_supported", List.of("ES256", "RS256", "PS256", "EdDSA"));
        metadata.put("ssf_configuration", base + "/.well-known/ssf-configuration");
        // Requests that arrived by email: CIBA in poll mode, the portal authenticated by its Keycloak client.
        metadata.put("backchannel_authentication_endpoint", base + "/v1/ciba/authentication");
        metadata.put("token_endpoint", base + "/v1/ciba/token");
        metadata.put("backchannel_token_delivery_modes_supported", List.of("poll"));
        metadata.put("backchannel_user_code_parameter_supported", false);
        metadata.put("grant_types_supported", List.of("urn:openid:params:grant-type:ciba"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("backchannel_authentication_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("acr_values_supported", List.of(TrustTokenClaims.OFFICER_AUTHENTICATED_ACR, TrustTokenClaims.SENDER_CONFIRMED_ACR));
        metadata.put("token_lifetime_seconds", Map.of("standard", config.lifetime().toSeconds(),
                "emergency", config.emergencyLifetime().toSeconds()));
        return metadata;
    }
}
