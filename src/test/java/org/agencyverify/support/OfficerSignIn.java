package org.agencyverify.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An officer who already set up password and TOTP signs in to Keycloak's browser flow (identity-first
 * username page then password page, or both on one page, then the OTP page), in a {@link BrowserlessLogin}. Also the device
 * authorization grant (RFC 8628) that the README shows with curl: the officer signs in on their own
 * device while the caller only ever holds the device code.
 */
public final class OfficerSignIn {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfficerSignIn() {}

    /** Answers the page where the sign-in ended: the redirect (code set), or Keycloak's own end page. */
    public static BrowserlessLogin.Page passwordAndOtp(BrowserlessLogin login, BrowserlessLogin.Page page,
            String username, String password, String otp) {
        boolean otpSent = false;
        for (int step = 0; step < 6 && login.code() == null; step++) {
            boolean asksUsername = page.contains("name=\"username\"");
            if (asksUsername && page.contains("name=\"password\"")) {
                // no organization in the realm yet: Keycloak's classic one-page form
                page = login.submit(page, "kc-form-login", Map.of("username", username, "password", password));
            } else if (asksUsername) {
                page = login.submit(page, "kc-form-login", Map.of("username", username));
            } else if (page.contains("name=\"password\"")) {
                page = login.submit(page, "kc-form-login", Map.of("password", password));
            } else if (page.contains("name=\"otp\"") && !otpSent) {
                otpSent = true;
                page = login.submit(page, "kc-otp-login-form", Map.of("otp", otp));
            } else if (page.contains("name=\"accept\"")) {
                page = login.submit(page, null, Map.of("accept", "Yes"));
            } else {
                return page;
            }
        }
        return page;
    }

    /**
     * The device authorization request's answer (device_code, user_code, verification_uri_complete, ...).
     * agency-verify-cli requires PKCE (S256) for the device grant too, so the request carries the challenge.
     */
    public static JsonNode startDeviceAuthorization(String issuer, String clientId, String codeVerifier) {
        return post(issuer + "/protocol/openid-connect/auth/device", Map.of("client_id", clientId, "scope", "openid",
                "code_challenge", BrowserlessLogin.challenge(codeVerifier), "code_challenge_method", "S256"));
    }

    /** The token endpoint's answer to one poll with the device code (an error while the person has not finished). */
    public static JsonNode pollDeviceToken(String issuer, String clientId, String deviceCode, String codeVerifier) {
        return post(issuer + "/protocol/openid-connect/token", Map.of("client_id", clientId, "device_code", deviceCode,
                "grant_type", "urn:ietf:params:oauth:grant-type:device_code", "code_verifier", codeVerifier));
    }

    /** Polls as RFC 8628 asks (every {@code interval} seconds, 5 more after a slow_down) until the answer is not pending. */
    public static JsonNode awaitDeviceToken(String issuer, String clientId, JsonNode device, String codeVerifier) {
        long interval = Math.max(1, device.path("interval").asLong(5));
        JsonNode answer = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            Eventually.sleep(interval * 1000);
            answer = pollDeviceToken(issuer, clientId, device.path("device_code").asText(), codeVerifier);
            String error = answer.path("error").asText("");
            if (error.equals("slow_down")) {
                interval += 5;
            } else if (!error.equals("authorization_pending")) {
                return answer;
            }
        }
        return answer;
    }

    private static JsonNode post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
