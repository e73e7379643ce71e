package org.agencyverify.verification.ciba;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agencyverify.common.error.ApiException;
import org.agencyverify.common.error.Causes;
import org.agencyverify.common.error.ProblemType;
import org.agencyverify.common.ratelimit.ClientAddress;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * OpenID Connect CIBA (Client-Initiated Backchannel Authentication Core 1.0), poll mode, for requests that
 * arrived by email: the portal names the sender, the agency answers. Both endpoints take a form and the
 * portal's client credentials, and answer in OAuth's JSON error format, which portals' libraries parse.
 */
@Path("/v1/ciba")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Tag(name = "emailed requests (CIBA)")
public class CibaResource {

    public static final String GRANT_TYPE = "urn:openid:params:grant-type:ciba";

    private final PortalClientAuthentication clients;
    private final CibaService ciba;

    CibaResource(PortalClientAuthentication clients, CibaService ciba) {
        this.clients = clients;
        this.ciba = ciba;
    }

    @POST
    @Path("/authentication")
    @Operation(summary = "Backchannel authentication request: start the check of an emailed request's sender (login_hint)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = CibaDocs.AuthenticationRequest.class)))
    @APIResponse(responseCode = "200", description = "Started: poll the token endpoint with auth_req_id every interval seconds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.AuthenticationResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid_request, invalid_binding_message, unknown_user_id (the sender's"
            + " domain is not a proved domain of an ACTIVE agency) or access_denied (the agency has nobody to ask)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    @APIResponse(responseCode = "401", description = "invalid_client",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    @APIResponse(responseCode = "429", description = "slow_down: over a rate limit; see Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    @APIResponse(responseCode = "503", description = "temporarily_unavailable: Keycloak, Redis or PostgreSQL unreachable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    public Response authenticate(MultivaluedMap<String, String> form, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        PortalClientAuthentication.Authenticated client = clients.authenticate(authorization, single(form, "client_id"),
                single(form, "client_secret"));
        CibaRequests.Start request = CibaRequests.parse(new CibaRequests.Form(single(form, "login_hint"),
                single(form, "login_hint_token"), single(form, "id_token_hint"), single(form, "binding_message"),
                single(form, "authorization_details"), single(form, "requested_expiry")));
        CibaService.Started started = ciba.start(client, request, ClientAddress.peer(http));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auth_req_id", started.authReqId());
        body.put("expires_in", started.expiresIn());
        body.put("interval", started.interval());
        return noStore(Response.ok(body)).build();
    }

    @POST
    @Path("/token")
    @Operation(summary = "Token endpoint for the CIBA grant: authorization_pending, slow_down, access_denied, expired_token, or the trust token once")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = CibaDocs.TokenRequest.class)))
    @APIResponse(responseCode = "200", description = "The trust token as access_token, with its authorization_details",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "authorization_pending, slow_down, access_denied, expired_token,"
            + " invalid_grant (unknown, another portal's, or already collected), invalid_request or unsupported_grant_type",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    @APIResponse(responseCode = "401", description = "invalid_client",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    @APIResponse(responseCode = "503", description = "temporarily_unavailable: Keycloak, Redis or PostgreSQL unreachable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CibaDocs.Error.class)))
    public Response token(MultivaluedMap<String, String> form, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        PortalClientAuthentication.Authenticated client = clients.authenticate(authorization, single(form, "client_id"),
                single(form, "client_secret"));
        String grantType = single(form, "grant_type");
        if (grantType == null) {
            throw CibaError.invalidRequest("grant_type is required: " + GRANT_TYPE + ".");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw new CibaError(400, "unsupported_grant_type", "This token endpoint serves only the grant " + GRANT_TYPE + ".");
        }
        String authReqId = single(form, "auth_req_id");
        if (authReqId == null || authReqId.isBlank() || authReqId.length() > 200) {
            throw CibaError.invalidRequest("auth_req_id is required: the one the backchannel authentication request answered.");
        }
        CibaService.Collected token = ciba.poll(client, authReqId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresIn());
        body.put("authorization_details", token.authorizationDetails());
        return noStore(Response.ok(body)).build();
    }

    /** Only for this resource: CIBA's error format; the API's problems stay as they are. */
    @ServerExceptionMapper
    public Response failed(Throwable e) {
        CibaError error = asCibaError(e);
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error.error(), "error_description", error.description()));
        if (error.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"agency-verify\"");
        }
        if (error.retryAfterSeconds() != null) {
            response.header("Retry-After", error.retryAfterSeconds());
        }
        return noStore(response).build();
    }

    private static CibaError asCibaError(Throwable e) {
        if (e instanceof CibaError error) {
            return error;
        }
        if (e instanceof ApiException api && api.type() == ProblemType.TOO_MANY_REQUESTS) {
            return new CibaError(429, "slow_down", api.detail(), api.retryAfterSeconds());
        }
        if ((e instanceof ApiException api && api.type() == ProblemType.SERVICE_UNAVAILABLE) || Causes.isUnavailableDependency(e)) {
            Log.warnf("CIBA: a dependency is unavailable (%s)", e.getClass().getSimpleName());
            return new CibaError(503, "temporarily_unavailable",
                    "The service cannot check requests right now; nothing was started or changed. Retry in a minute.");
        }
        Log.errorf(e, "CIBA request failed");
        return new CibaError(500, "server_error", "The request failed; nothing was started or changed.");
    }

    /** One value of a form field; OAuth forbids repeating one (RFC 6749, section 3.1). */
    private static String single(MultivaluedMap<String, String> form, String name) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw CibaError.invalidRequest(name + " must be sent once.");
        }
        return values.get(0);
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        return response.cacheControl(cache).header("Pragma", "no-cache");
    }
}
