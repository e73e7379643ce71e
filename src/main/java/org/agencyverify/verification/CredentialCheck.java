package org.agencyverify.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.agencyverify.common.config.AgencyVerifyConfig;
import org.agencyverify.common.error.Causes;
import org.agencyverify.common.error.DependencyUnavailableException;
import org.agencyverify.common.security.TokenClaims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Asks Keycloak whether the credentials are the officer's. A refusal comes back as a reason (for the
 * audit log only); an unreachable Keycloak throws {@link DependencyUnavailableException}. Never logs
 * a password, an OTP or a token.
 */
@ApplicationScoped
public class CredentialCheck {

    /**
     * What Keycloak vouched for, or why it did not. {@code client} is the token's {@code azp};
     * {@code upstream}, what the agency's IdP said of its own sign-in (the {@code idp_*} claims).
     */
    public record Result(String refusal, String subject, String acr, Set<String> amr, Instant authTime, String identityProvider,
            String client, TokenRules.Upstream upstream) {
        static Result refused(String reason) {
            return new Result(reason, null, null, Set.of(), null, null, null, null);
        }

        public boolean passed() {
            return refusal == null;
        }

        public TokenRules.Facts facts() {
            return new TokenRules.Facts(subject, authTime, acr, amr, identityProvider, client, upstream);
        }

        /** The acr that was judged: the agency's for a sign-in at its IdP, Keycloak's otherwise. */
        public String provedAcr() {
            return facts().federated() ? facts().upstream().acr() : acr;
        }

        /** The amr that was judged: the agency's for a sign-in at its IdP, Keycloak's otherwise. */
        public Set<String> provedAmr() {
            return facts().federated() ? facts().upstream().amr() : amr;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final TenantIdentityProvider tokens;
    private final VerificationConfig config;
    private final ObjectMapper json;
    private final URI tokenEndpoint;
    private final URI logoutEndpoint;

    CredentialCheck(TenantIdentityProvider tokens, VerificationConfig config, AgencyVerifyConfig service, ObjectMapper json) {
        this.tokens = tokens;
        this.config = config;
        this.json = json;
        this.tokenEndpoint = URI.create(service.keycloak().issuer() + "/protocol/openid-connect/token");
        this.logoutEndpoint = URI.create(service.keycloak().issuer() + "/protocol/openid-connect/logout");
    }

    /** Keycloak took the password but not the one-time code: someone holds the officer's password. */
    public static final String SECOND_FACTOR_FAILED = "keycloak-second-factor-failed";

    /**
     * Password and OTP through the direct grant of the service's own confidential client, whose flow
     * (keycloak/extension, {@code agency-verify-credential-check}) neither consults nor feeds Keycloak's
     * brute-force lockout and says which factor failed. The answer's {@code sub} must then be the
     * officer's user (checked by the caller).
     */
    public Result passwordAndOtp(String username, String password, String otp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", config.directGrantClientId());
        config.directGrantClientSecret().ifPresent(secret -> form.put("client_secret", secret));
        form.put("username", username);
        form.put("password", password);
        form.put("totp", otp);
        form.put("scope", "openid");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(config.keycloakTimeout())
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
            Set<String> amr = new LinkedHashSet<>();
            claims.path("amr").forEach(node -> amr.add(node.asText()));
            // Keycloak enforced the OTP (the direct grant flow requires it for users who have one).
            amr.add("pwd");
            amr.add("otp");
            return new Result(null, claims.path("sub").asText(null), claims.path("acr").asText(null), amr, Instant.now(), null,
                    config.directGrantClientId(), null);
        }
        if (status == 400 || status == 401) {
            JsonNode refusal = read(response.body());
            if ("invalid_grant".equals(refusal.path("error").asText(""))) {
                return Result.refused(switch (refusal.path("failed_factor").asText("")) {
                    case "otp" -> SECOND_FACTOR_FAILED;
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
        StringBuilder form = new StringBuilder("client_id=").append(URLEncoder.encode(config.directGrantClientId(), StandardCharsets.UTF_8))
                .append("&refresh_token=").append(URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
        config.directGrantClientSecret().ifPresent(secret ->
                form.append("&client_secret=").append(URLEncoder.encode(secret, StandardCharsets.UTF_8)));
        HttpRequest logout = HttpRequest.newBuilder(logoutEndpoint)
                .timeout(config.keycloakTimeout())
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

    /** A Keycloak access token: signature against the realm's JWKS, issuer, audience and expiry by quarkus-oidc. */
    public Result token(String token) {
        SecurityIdentity identity;
        try {
            identity = tokens.authenticate(new AccessTokenCredential(token)).await().atMost(config.keycloakTimeout());
        } catch (RuntimeException e) {
            if (Causes.isUnavailableDependency(e)) {
                Log.warnf("Keycloak keys: unreachable (%s)", e.getClass().getSimpleName());
                throw new DependencyUnavailableException("Keycloak", e);
            }
            return Result.refused("token-invalid");
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Result.refused("token-invalid");
        }
        TokenRules.Upstream upstream = new TokenRules.Upstream(TokenClaims.instant(jwt.getClaim(TokenClaims.IDP_AUTH_TIME)),
                TokenClaims.string(jwt.getClaim(TokenClaims.IDP_ACR)), TokenClaims.strings(jwt.getClaim(TokenClaims.IDP_AMR)));
        return new Result(null, jwt.getSubject(), TokenClaims.string(jwt.getClaim("acr")), TokenClaims.strings(jwt.getClaim("amr")),
                TokenClaims.instant(jwt.getClaim("auth_time")), TokenClaims.string(jwt.getClaim(TokenClaims.IDENTITY_PROVIDER)),
                TokenClaims.string(jwt.getClaim("azp")), upstream);
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
