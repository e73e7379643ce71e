package org.agencyverify.verification.ciba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.portal.CallingPortals;
import org.agencyverify.portal.CallingPortals.CallingPortal;
import org.agencyverify.verification.VerificationConfig;

/**
 * Authenticates the portal on the CIBA endpoints with what it already has: its Keycloak client's id and
 * secret, as {@code client_secret_basic} or {@code client_secret_post} (RFC 6749, section 2.3.1). Keycloak
 * itself judges the pair (a client_credentials grant), so a rotated or disabled secret stops working at
 * once and the service never holds portals' secrets; the client must then be an ACTIVE portal. Every
 * failure is the same {@code invalid_client}. Never logs a secret or a token.
 */
@ApplicationScoped
public class PortalClientAuthentication {

    /** An authenticated, ACTIVE portal and the subject of its service account (the audit trail's actor). */
    public record Authenticated(CallingPortal portal, String clientId, String serviceAccount) {}

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final CallingPortals portals;
    private final VerificationConfig config;
    private final ObjectMapper json;
    private final URI tokenEndpoint;

    PortalClientAuthentication(CallingPortals portals, VerificationConfig config, AgencyVerifyConfig service, ObjectMapper json) {
        this.portals = portals;
        this.config = config;
        this.json = json;
        this.tokenEndpoint = URI.create(service.keycloak().issuer() + "/protocol/openid-connect/token");
    }

    /**
     * @param authorization the Authorization header, if any
     * @param formClientId  {@code client_id} of the form, if any
     * @param formSecret    {@code client_secret} of the form, if any
     */
    public Authenticated authenticate(String authorization, String formClientId, String formSecret) {
        String[] pair = credentials(authorization, formClientId, formSecret);
        String serviceAccount = checkAtKeycloak(pair[0], pair[1]);
        CallingPortal portal = portals.active(pair[0]).orElseThrow(PortalClientAuthentication::invalidClient);
        return new Authenticated(portal, pair[0], serviceAccount);
    }

    private static String[] credentials(String authorization, String formClientId, String formSecret) {
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        boolean post = formClientId != null || formSecret != null;
        if (basic == post) {
            // Neither, or both at once (RFC 6749: a client must not use more than one method per request).
            throw invalidClient();
        }
        if (post) {
            if (blank(formClientId) || blank(formSecret)) {
                throw invalidClient();
            }
            return new String[] {formClientId, formSecret};
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw invalidClient();
        }
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined.
        String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        if (blank(id) || blank(secret)) {
            throw invalidClient();
        }
        return new String[] {id, secret};
    }

    /** The pair is Keycloak's to judge: a client_credentials grant answers 200 only for a valid, enabled client. */
    private String checkAtKeycloak(String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(config.keycloakTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            Log.warnf("CIBA client authentication: Keycloak unreachable (%s)", e.getClass().getSimpleName());
            throw new DependencyUnavailableException("Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Keycloak", e);
        }
        int status = response.statusCode();
        if (status == 400 || status == 401) {
            throw invalidClient();
        }
        if (status != 200) {
            Log.warnf("CIBA client authentication: Keycloak answered %d", status);
            throw new DependencyUnavailableException("Keycloak", new IOException("status " + status));
        }
        return subject(response.body());
    }

    /** The service account's id, read from the token Keycloak has just handed us over our own connection. */
    private String subject(String body) {
        try {
            JsonNode tokens = json.readTree(body);
            String[] parts = tokens.path("access_token").asText("").split("\\.");
            if (parts.length < 2) {
                throw invalidClient();
            }
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("sub").asText("unknown");
        } catch (IOException | IllegalArgumentException e) {
            throw invalidClient();
        }
    }

    static CibaError invalidClient() {
        return new CibaError(401, "invalid_client",
                "Client authentication failed: use the portal's client id and secret, with HTTP Basic or client_id and"
                        + " client_secret in the form.");
    }

    private static String form(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
