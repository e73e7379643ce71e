package org.agencyverify.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.DependencyUnavailableException;

/**
 * Password and OTP checked through the direct grant of the service's own confidential client, whose
 * flow (keycloak/extension, {@code agency-verify-credential-check}) neither consults nor feeds
 * Keycloak's brute-force lockout and says which factor failed. Never logs a password, an OTP or a token.
 */
@ApplicationScoped
class DirectGrant {

    /** Why a grant is refused that did not come through the project's credential-check flow. */
    static final String FACTORS_UNPROVEN = "keycloak-factors-unproven";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json;
    private final URI tokenEndpoint;
    private final URI logoutEndpoint;
    private final String clientId;
    private final Optional<String> clientSecret;
    private final Duration timeout;

    @Inject
    DirectGrant(VerificationConfig config, AgencyVerifyConfig service, ObjectMapper json) {
        this(service.keycloak().issuer(), config.directGrantClientId(), config.directGrantClientSecret(), config.keycloakTimeout(), json);
    }

    /** @param issuer the realm's issuer URL; the token and logout endpoints are under it */
    DirectGrant(String issuer, String clientId, Optional<String> clientSecret, Duration timeout, ObjectMapper json) {
        this.json = json;
        this.tokenEndpoint = URI.create(issuer + "/protocol/openid-connect/token");
        this.logoutEndpoint = URI.create(issuer + "/protocol/openid-connect/logout");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
    }

    /** Asks Keycloak whether these are the user's password and current one-time code. */
    CredentialCheck.Result check(String username, String password, String otp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        clientSecret.ifPresent(secret -> form.put("client_secret", secret));
        form.put("username", username);
        form.put("password", password);
        form.put("totp", otp);
        form.put("scope", "openid");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            Log.warnf("Keycloak direct grant: unreachable (%s)", e.getClass().getSimpleName());
            throw new DependencyUnavailableException("Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Keycloak", e);
        }
        int status = response.statusCode();
        if (status == 200) {
            JsonNode tokens = read(response.body());
            endSession(tokens.path("refresh_token").asText(""));
            JsonNode claims = payload(tokens.path("access_token").asText(""));
            Set<String> factors = CheckedFactors.stated(claims.path(CheckedFactors.CLAIM).asText(""));
            if (!CheckedFactors.passwordAndCode(factors)) {
                // Only the project's flow states its factors: the client was bound to another flow, which
                // may never have asked for the code. Whatever Keycloak checked, the service cannot tell.
                Log.errorf("Keycloak granted %s a token without the credential-check flow's %s claim: its direct-grant flow is not"
                        + " agency-verify-credential-check (keycloak/realm-agency-verify.json); every password start is refused",
                        clientId, CheckedFactors.CLAIM);
                return CredentialCheck.Result.refused(FACTORS_UNPROVEN);
            }
            return new CredentialCheck.Result(null, claims.path("sub").asText(null), claims.path("acr").asText(null), factors, Instant.now(), null,
                    clientId, null);
        }
        if (status == 400 || status == 401) {
            JsonNode refusal = read(response.body());
            if ("invalid_grant".equals(refusal.path("error").asText(""))) {
                return CredentialCheck.Result.refused(switch (refusal.path("failed_factor").asText("")) {
                    case "otp" -> CredentialCheck.SECOND_FACTOR_FAILED;
                    case "no-otp" -> "officer-without-otp";
                    default -> "keycloak-invalid-credentials";
                });
            }
            String error = refusal.path("error").asText("");
            // invalid_client, unauthorized_client: our own client is misconfigured, an outage, not a refusal.
            Log.errorf("Keycloak direct grant refused the service's client (HTTP %d %s)", status, error);
            throw new DependencyUnavailableException("Keycloak", null);
        }
        Log.warnf("Keycloak direct grant failed with HTTP %d", status);
        throw new DependencyUnavailableException("Keycloak", null);
    }

    /**
     * The direct grant opened a Keycloak session only to check the credentials: end it at once, so
     * checks leave no sessions behind. Best effort: a failure here changes no decision.
     */
    private void endSession(String refreshToken) {
        if (refreshToken.isEmpty()) {
            return;
        }
        StringBuilder form = new StringBuilder("client_id=").append(URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                .append("&refresh_token=").append(URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
        clientSecret.ifPresent(secret ->
                form.append("&client_secret=").append(URLEncoder.encode(secret, StandardCharsets.UTF_8)));
        HttpRequest logout = HttpRequest.newBuilder(logoutEndpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        try {
            int status = http.send(logout, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204 && status != 200) {
                Log.warnf("Keycloak did not end the credential-check session (HTTP %d)", status);
            }
        } catch (IOException e) {
            Log.warnf("Keycloak did not end the credential-check session (%s)", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body == null ? "{}" : body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** The claims of a token Keycloak just handed us over its own token endpoint. */
    private JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new DependencyUnavailableException("Keycloak", null);
        }
        return read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }
}
